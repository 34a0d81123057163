"""What the SVG rules (DK510–DK549) share: which files to check, where to report, and a
per-run memo of the expensive per-file work keyed by the SHA-256 of the file's content.

Targets are every SVG a slide shows inline or as a background (reported at the image in the
deck) plus every ``*.svg`` under the assets folder that no slide uses (reported in that file,
via ``Finding.path``). Missing, remote and out-of-project images are DK501–DK509's business:
they are skipped here. Heavy libraries (lxml, Pillow, cairosvg, fontTools) are imported
inside the functions that need them, so a deck without SVGs lints without loading them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from ...hashing import sha256
from ...model import Deck, ImageRef, Slide, Span
from ..registry import Finding, RuleContext

ASSETS_OPTION = {"assets_dir": "../assets"}  # relative to the deck's folder
# RuleContext.cache[RESULTS_KEY] -> {sha256 of an SVG: {analysis name: JSON-serialisable
# result}}. Results depend only on the file's bytes (and the installed fonts), so an engine may
# load this mapping from disk before a run and save it after; analysis names carry a version.
from ..asset_cache import ASSET_RESULTS_KEY as RESULTS_KEY  # noqa: E402 - persisted there
TREES_KEY = "svg.trees"  # sha256 -> ParsedSvg (lxml trees: per run only, never persisted)
FILES_KEY = "svg.files"  # resolved path -> SvgFile (per run)
TARGETS_KEY = "svg.targets"  # (deck, assets folder, unused) -> [Target] (per run)
# svgsafe.SVG_NS's root tag, spelt out: importing svgsafe loads lxml, which a lint whose SVG
# results are all memoised never needs (tests check the two agree).
SVG_ROOT_TAG = "{http://www.w3.org/2000/svg}svg"
LIGHT_BG = "#fff8e1"  # gaia's light scheme background (slides without `invert`)
DARK_BG = "#455a64"  # gaia's `invert` background


@dataclass(frozen=True)
class SvgFile:
    path: Path
    data: bytes
    sha: str

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class Target:
    """One SVG to check, and where its findings go."""

    file: SvgFile
    slide: Slide | None = None  # None for an asset no slide uses
    image: ImageRef | None = None
    slide_size: tuple[int, int] = (1280, 720)
    deck_class: str | None = "invert"  # the deck's `class`, for assets no slide shows

    @property
    def in_deck(self) -> bool:
        return self.image is not None

    def finding(self, message: str, svg_line: int = 1, severity=None) -> Finding:
        """A finding at the image in the deck, or (unused asset) in the SVG itself; the
        message always starts with ``name:line`` so it reads right wherever it is shown."""
        where = f"{self.file.name}:{svg_line}" if svg_line > 1 else self.file.name
        if self.image is not None:
            return Finding(self.image.span, f"{where}: {message}", self.slide.index,
                           severity=severity)
        # Span(1, 1): the SVG line is in the message, and an engine that does not place
        # findings in Finding.path yet must not see a line past the end of the deck.
        return Finding(Span(1, 1), f"{where}: {message}", None, severity=severity,
                       path=self.file.path)

    @property
    def background(self) -> str:
        """The slide colour behind a transparent SVG (light unless the class has `invert`; for
        an asset no slide shows, the deck's global class decides)."""
        classes = ((self.slide.css_class if self.slide else self.deck_class) or "").split()
        return DARK_BG if "invert" in classes else LIGHT_BG


def read_svg(ctx: RuleContext, path: Path) -> SvgFile | None:
    """The file's bytes and hash, read once per run (None if it cannot be read)."""
    files = ctx.cache.setdefault(FILES_KEY, {})
    key = str(path.resolve())
    if key not in files:
        try:
            data = path.read_bytes()
        except OSError:
            files[key] = None
        else:
            files[key] = SvgFile(path, data, sha256(data).hexdigest())
    return files[key]


def memo(ctx: RuleContext, file: SvgFile, name: str, compute: Callable[[SvgFile], Any]) -> Any:
    """``compute(file)`` once per content hash and analysis name; the result must be
    JSON-serialisable (lists, dicts, strings, numbers, None) so it can be persisted."""
    per_file = ctx.cache.setdefault(RESULTS_KEY, {}).setdefault(file.sha, {})
    if name not in per_file:
        per_file[name] = compute(file)
    return per_file[name]


def parsed(ctx: RuleContext, file: SvgFile):
    """The safe parse (:class:`mlops_deck.svgsafe.ParsedSvg`) of ``file``."""
    trees = ctx.cache.setdefault(TREES_KEY, {})
    if file.sha not in trees:
        from ...svgsafe import parse_svg
        trees[file.sha] = parse_svg(file.data)
    return trees[file.sha]


def svg_root(ctx: RuleContext, file: SvgFile):
    """The root ``<svg>`` element, or None when the file did not parse as SVG."""
    root = parsed(ctx, file).root
    return root if root is not None and root.tag == SVG_ROOT_TAG else None


ROOT_ATTRS = ("width", "height", "viewBox")


def root_facts(ctx: RuleContext, file: SvgFile) -> dict | None:
    """The root ``<svg>``'s line and sizing attributes as a dict (``.get`` works as on the
    element), or None when the file did not parse as SVG. Memoised by content hash like the
    other results, so a rule that only needs these does not parse an unchanged file again."""
    def compute(f: SvgFile) -> dict | None:
        root = svg_root(ctx, f)
        if root is None:
            return None
        return {"line": root.sourceline or 1,
                **{name: root.get(name) for name in ROOT_ATTRS if root.get(name) is not None}}
    return memo(ctx, file, "root.v1", compute)


def is_svg(path: Path | None) -> bool:
    return path is not None and path.suffix.lower() == ".svg"


def deck_images(deck: Deck) -> Iterator[tuple[Slide, ImageRef]]:
    """Every local SVG image of the deck that exists (``![](…)`` and raw-HTML ``<img>``),
    with its slide."""
    for slide in deck.slides:
        for image in (*slide.images, *slide.html_images):
            if is_svg(image.path) and image.path.is_file():
                yield slide, image


def assets_dir(deck: Deck, ctx: RuleContext) -> Path:
    return deck.base_dir / str(ctx.option("assets_dir", ASSETS_OPTION["assets_dir"]))


def unused_assets(deck: Deck, ctx: RuleContext, suffix: str | None = ".svg") -> list[Path]:
    """Files under the assets folder that no image of the deck points at."""
    folder = assets_dir(deck, ctx)
    key = ("svg.unused", str(folder), suffix)
    hit = ctx.cache.get(key)
    if hit is not None and hit[0] is deck:
        return hit[1]
    found = []
    if folder.is_dir():
        real = _realpaths()
        used = {real(image.path) for s in deck.slides for image in (*s.images, *s.html_images)
                if image.path}
        files = (Path(os.path.normpath(p)) for p in sorted(folder.rglob("*")) if p.is_file())
        found = [p for p in files if (suffix is None or p.suffix.lower() == suffix)
                 and real(p) not in used]
    ctx.cache[key] = (deck, found)  # the deck kept: several rules ask
    return found


def _realpaths() -> Callable[[Path], str]:
    """``os.path.realpath`` with each folder resolved once: a hundred images in one assets
    folder cost a hundred lstat() calls, not one per path component each."""
    folders: dict[str, str] = {}

    def real(path: Path) -> str:
        # not abspath: collapsing "deck/../assets" before resolving would skip a symlink
        folder, name = os.path.split(os.path.join(os.getcwd(), path))
        if name in ("", ".", ".."):
            return os.path.realpath(path)
        if folder not in folders:
            folders[folder] = os.path.realpath(folder)
        joined = os.path.join(folders[folder], name)
        return os.path.realpath(joined) if os.path.islink(joined) else joined
    return real


def svg_targets(deck: Deck, ctx: RuleContext, *, unused: bool = True) -> list[Target]:
    """Every SVG to check: those the deck shows, then (``unused``) the assets it does not.
    Worked out once per run (every SVG rule asks; the folder walk and stats add up)."""
    key = (id(deck), str(assets_dir(deck, ctx)), unused)
    store = ctx.cache.setdefault(TARGETS_KEY, {})
    if key not in store:
        store[key] = (deck, list(_targets(deck, ctx, unused)))  # deck kept: id stays unique
    return store[key][1]


def _targets(deck: Deck, ctx: RuleContext, unused: bool) -> Iterator[Target]:
    for slide, image in deck_images(deck):
        file = read_svg(ctx, image.path)
        if file is not None:
            yield Target(file, slide, image, deck.size)
    for path in unused_assets(deck, ctx) if unused else ():
        file = read_svg(ctx, path)
        if file is not None:
            yield Target(file, slide_size=deck.size,
                         deck_class=str(deck.global_settings.get("class") or ""))


def display_width(target: Target, viewbox: tuple[float, float, float, float] | None,
                  root) -> float | None:
    """The width in CSS px the SVG is shown at: a background's size on the slide, else the
    slide's ``w:``, else its ``h:`` scaled by the aspect ratio, else the SVG's own width.
    None when it is not in px (%, em…)."""
    from .svg_style import px_length
    image = target.image
    aspect = viewbox[2] / viewbox[3] if viewbox and viewbox[3] else None
    if image is not None and image.background and aspect:
        width = _background_width(image, aspect, target.slide_size)
        if width is not None:
            return width
    if image is not None and image.width:
        return px_length(image.width)
    if image is not None and image.height and aspect:
        h = px_length(image.height)
        return h * aspect if h is not None else None
    own_w = px_length(root.get("width")) if root.get("width") else None
    if own_w is not None:
        return own_w
    own_h = px_length(root.get("height")) if root.get("height") else None
    if own_h is not None and aspect:
        return own_h * aspect
    return viewbox[2] if viewbox else None


def _background_width(image: ImageRef, aspect: float, slide: tuple[int, int]) -> float | None:
    """How wide Marp draws a background SVG: ``cover`` (the default) or ``contain``/``fit`` in
    the slide (or its split part, 50 % unless given), a percentage of that area, or a length."""
    from .svg_style import px_length
    area_w, area_h = float(slide[0]), float(slide[1])
    if image.split:
        pct = float(image.split_size.rstrip("%")) if image.split_size else 50.0
        area_w *= pct / 100
    size = (image.background_size or "cover").split()[0]
    if size == "cover":
        return max(area_w, area_h * aspect)
    if size == "contain":
        return min(area_w, area_h * aspect)
    if size.endswith("%"):
        try:
            return area_w * float(size[:-1]) / 100
        except ValueError:
            return None
    return px_length(size)  # a length, or None for auto (the SVG's own size)
