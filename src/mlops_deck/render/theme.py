"""Themes are folders: ``templates/<name>/`` holds ``theme.css`` (written against
``section`` = one slide) and optionally ``base.css`` (Marpit's base rules),
``deck.html.j2`` (the page skeleton),
``bespoke.css``/``bespoke.js`` (the presenting runtime) and ``fonts.json`` (the fonts to
embed). A file a theme does not provide is taken from the ``gaia`` folder, so a new theme
can be just a CSS file and ``--theme`` needs no code change.

Theme folders are looked up in ``<project>/templates`` first, then in the built-in
``templates/`` that ships with mlops-deck.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .css import scope_css

BASE_THEME = "gaia"
_PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
_REPO_TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


class ThemeNotFound(Exception):
    """An unknown theme name; the message lists the available ones."""

    def __init__(self, name: str, available: list[str]):
        self.name, self.available = name, available
        super().__init__(f"unknown theme {name!r} (available themes: "
                         f"{', '.join(available) or 'none'})")


@dataclass(frozen=True)
class Theme:
    name: str
    folder: Path
    css: str  # scoped to the slides
    bespoke_css: str
    bespoke_js: str
    template_dir: tuple[Path, ...]  # Jinja search path: the theme, then the base theme
    fonts: tuple[dict, ...]


def template_roots(project_root: Path | None = None) -> list[Path]:
    roots = [project_root / "templates"] if project_root else []
    roots += [_PACKAGE_TEMPLATES, _REPO_TEMPLATES]
    seen: list[Path] = []
    for root in roots:
        if root.is_dir() and root.resolve() not in seen:
            seen.append(root.resolve())
    return seen


def available_themes(project_root: Path | None = None) -> list[str]:
    names = {p.parent.name for root in template_roots(project_root)
             for p in root.glob("*/theme.css")}
    return sorted(names)


def find_theme_folder(name: str, project_root: Path | None = None) -> Path:
    for root in template_roots(project_root):
        folder = root / name
        if "/" not in name and "\\" not in name and (folder / "theme.css").is_file():
            return folder
    raise ThemeNotFound(name, available_themes(project_root))


def load_theme(name: str, project_root: Path | None = None) -> Theme:
    folder = find_theme_folder(name, project_root)
    base = find_theme_folder(BASE_THEME, project_root) if name != BASE_THEME else folder
    return _load(folder, base)


@lru_cache(maxsize=8)
def _load(folder: Path, base: Path) -> Theme:
    def read(file: str) -> str:
        path = folder / file if (folder / file).is_file() else base / file
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    fonts = json.loads(read("fonts.json") or "{}").get("faces", [])
    css = scope_css(read("base.css")) + "\n" + scope_css(read("theme.css"))
    return Theme(folder.name, folder, css, read("bespoke.css"),
                 read("bespoke.js"), (folder, base), tuple(fonts))
