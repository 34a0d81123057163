"""Which files `mlops-deck lint PATHS…` lints: decks named directly, found in folders or by
globs, and the decks that reference a named SVG.

A markdown file is a deck when it opens with front matter (``---`` on line 1) or says
``marp: true`` somewhere: that keeps README/CHANGES files and the dot-format rule fixtures
out, while a deck that forgot ``marp: true`` is still linted (and told so).
"""
from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

SKIP_DIRS = {"node_modules", "dist", "build", "__pycache__"}
MARP_TRUE = re.compile(r"^\s*marp\s*:\s*true\s*$", re.M)
DECK_SUFFIXES = (".md", ".markdown")


class UsageError(Exception):
    """A path on the command line that matches nothing."""


@dataclass
class Selection:
    decks: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # named, but not a Marp deck
    orphans: list[Path] = field(default_factory=list)  # SVGs no deck references

    def add(self, path: Path) -> None:
        if path not in self.decks:
            self.decks.append(path)


def is_deck(path: Path) -> bool:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as fh:
            head = fh.read(65536)
    except OSError:
        return True  # let the reader report why it can't be read
    return head.startswith(("---\n", "---\r\n", "\ufeff---")) or bool(MARP_TRUE.search(head))


def select(paths: list[str], project_root: Path,
           excluded: Callable[[Path], bool] = lambda path: False) -> Selection:
    """The decks to lint. ``excluded`` (the config's ``exclude`` globs) applies to what
    folders, globs and SVG lookups find, never to a file named on the command line."""
    chosen = Selection()
    svgs: list[Path] = []
    for text in paths:
        named = Path(text).exists()
        for path in _expand(text):
            if not named and excluded(path):
                continue
            if path.suffix.lower() == ".svg":
                svgs.append(path)
            elif path.is_dir():
                for deck in markdown_under(path):
                    if is_deck(deck) and not excluded(deck):
                        chosen.add(deck)
            elif path.suffix.lower() in DECK_SUFFIXES and not is_deck(path):
                chosen.skipped.append(path)
            else:
                chosen.add(path)  # the reader says why a non-markdown file can't be linted
    users = decks_using(svgs, project_root, excluded) if svgs else {}
    for svg in svgs:
        chosen.orphans += [] if users.get(svg) else [svg]
        for deck in users.get(svg, []):
            chosen.add(deck)
    return chosen


def _expand(text: str) -> list[Path]:
    if Path(text).exists():
        return [Path(text)]
    if any(ch in text for ch in "*?["):
        hits = sorted(glob.glob(text, recursive=True))
        if hits:
            return [Path(h) for h in hits]
        raise UsageError(f"{text}: no file matches this pattern")
    raise UsageError(f"{text}: no such file or directory")


def markdown_under(folder: Path) -> list[Path]:
    found = []
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        found += [Path(current) / f for f in sorted(files) if f.endswith(DECK_SUFFIXES)]
    return found


def decks_using(svgs: list[Path], project_root: Path,
                excluded: Callable[[Path], bool] = lambda path: False) -> dict[Path, list[Path]]:
    """For each SVG, the decks under the project with an image resolving to it (one walk
    of the project for all of them; a deck is parsed only if its text names one)."""
    from ..parse import load_deck

    targets = {svg.resolve(): svg for svg in svgs}
    names = {svg.name for svg in svgs}
    users: dict[Path, list[Path]] = {svg: [] for svg in svgs}
    for deck in markdown_under(project_root):
        if excluded(deck):
            continue
        try:
            text = deck.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if not any(name in text for name in names) or not is_deck(deck):
            continue  # cheap text test before parsing
        model = load_deck(deck)
        used = {img.path.resolve() for slide in model.slides for img in slide.images
                if img.path}
        for target in used & set(targets):
            users[targets[target]].append(_relative(deck))
    return users


def _relative(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def project_root(start: Path) -> Path:
    """The nearest folder upwards holding .git or pyproject.toml; else ``start``'s folder."""
    folder = start.resolve()
    folder = folder if folder.is_dir() else folder.parent
    for directory in (folder, *folder.parents):
        if (directory / ".git").exists() or (directory / "pyproject.toml").is_file():
            return directory
    return folder
