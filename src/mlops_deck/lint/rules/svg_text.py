"""DK520–DK523: SVG text uses installed fonts that have every character, stays inside the
drawing and its boxes, and is large enough where the slide shows it."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterator

from ...model import Deck
from ..registry import Finding, RuleContext, rule
from .svg_common import ASSETS_OPTION, SvgFile, display_width, memo, svg_root, svg_targets
from .svg_style import Grid, ctm, local, px_length, transform_box, viewbox

TAGS = ("svg", "assets", "text")
HIDDEN = frozenset({"defs", "marker", "pattern", "clipPath", "mask", "symbol", "title", "desc",
                    "metadata"})
SLACK = 0.5  # user units of rounding allowed at a box edge


@dataclass
class TextInfo:
    line: int
    text: str
    size: float  # font size in root user units (transforms applied)
    first_family: str
    first_missing: bool
    fallback: str | None  # the family actually used when the first is missing
    tofu: str  # characters no font of the stack has
    box: tuple[float, float, float, float] | None
    container: tuple[float, float, float, float] | None  # smallest rect around its centre


def _visible(el) -> bool:
    node = el.getparent()
    while node is not None:
        if local(node) in HIDDEN:
            return False
        node = node.getparent()
    return True


def _rects(root) -> Grid:
    grid = Grid()
    for el in root.iter("{http://www.w3.org/2000/svg}rect"):
        w, h = px_length(el.get("width")), px_length(el.get("height"))
        if w and h and _visible(el):
            x, y = px_length(el.get("x")) or 0.0, px_length(el.get("y")) or 0.0
            box = transform_box(ctm(el), (x, y, x + w, y + h))
            grid.add(box, box)
    return grid


def _container(box, rects: Grid):
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    around = [r for r in rects.near(cx, cy) if r[0] <= cx <= r[2] and r[1] <= cy <= r[3]]
    return min(around, key=lambda r: (r[2] - r[0]) * (r[3] - r[1])) if around else None


def analyse(file: SvgFile, root) -> list[TextInfo]:
    from .svg_fonts import resolve_family
    from .svg_measure import chunk_box, chunks, displayed_scale, face_for
    rects = _rects(root)
    out = []
    for text_el in root.iter("{http://www.w3.org/2000/svg}text"):
        if not _visible(text_el):
            continue
        for chunk in chunks(text_el):
            seg = chunk.segments[0]
            first = seg.families[0]
            first_face = resolve_family(first, seg.bold, seg.italic)
            used = face_for(seg)
            tofu = "".join(sorted({ch for s in chunk.segments for ch in s.text
                                   if not ch.isspace() and face_for(s, ch) is None}))
            box = chunk_box(chunk)
            out.append(TextInfo(
                chunk.line, chunk.text.strip(),
                min(s.size for s in chunk.segments) * displayed_scale(chunk.el),
                first, first_face is None, used.family if used else None, tofu, box,
                _container(box, rects) if box else None))
    return out


def texts(ctx: RuleContext, target) -> list[TextInfo]:
    root = svg_root(ctx, target.file)
    if root is None:
        return []
    found = memo(ctx, target.file, "text/1", lambda f: [asdict(i) for i in analyse(f, root)])
    return [TextInfo(**i) for i in found]


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:23] + "…"


@rule("DK520", "svg-font-not-installed", tags=TAGS, options=ASSETS_OPTION)
def svg_font_not_installed(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG text asks for a font that is not installed.

    ## What it does
    For every `<text>`/`<tspan>`, resolves the first family of its `font-family` stack with
    fontconfig (`fc-list`; generic families through `fc-match`) and reports it when no such
    font is installed, naming the family the text falls back to.

    ## Why is this bad?
    The fallback font has other widths, so labels measured for the intended font overflow
    their boxes, and the HTML, PDF and contact sheet may each pick a different fallback.

    ## Example
    ```xml
    <text font-family="Helvetica Neue, sans-serif">ラベル</text>
    ```

    ## Use instead
    ```xml
    <text font-family="'Noto Sans CJK JP', 'Lato', sans-serif">ラベル</text>
    ```

    ## Options
    - `assets_dir`: as for DK510.
    """
    for target in svg_targets(deck, ctx):
        seen = set()
        for info in texts(ctx, target):
            if info.first_missing and (info.line, info.first_family) not in seen:
                seen.add((info.line, info.first_family))
                instead = f"falls back to {info.fallback}" if info.fallback else "no font found"
                yield target.finding(f'font "{info.first_family}" is not installed ({instead})',
                                     info.line)


@rule("DK521", "svg-text-tofu", tags=TAGS, options=ASSETS_OPTION)
def svg_text_tofu(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG text has characters that no font of its stack can draw (tofu).

    ## What it does
    Reads the cmap of every installed font of the text's `font-family` stack (fontTools) and
    reports characters that none of them maps to a glyph. Like a browser, a character may come
    from any font of the stack; fonts outside the stack are not counted, because which one a
    renderer falls back to differs between Chromium, the PDF and CairoSVG.

    ## Why is this bad?
    The character prints as an empty box (tofu) — typically Japanese in a Latin-only font.

    ## Example
    ```xml
    <text font-family="Lato">学習</text>
    ```

    ## Use instead
    ```xml
    <text font-family="'Noto Sans CJK JP', 'Lato', sans-serif">学習</text>
    ```

    ## Options
    - `assets_dir`: as for DK510.
    """
    for target in svg_targets(deck, ctx):
        for info in texts(ctx, target):
            if info.tofu:
                yield target.finding(f'"{_short(info.text)}": no font of its stack has '
                                     f'{", ".join(repr(c) for c in info.tofu[:8])}', info.line)


@rule("DK522", "svg-text-overflow", tags=TAGS, options=ASSETS_OPTION)
def svg_text_overflow(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG text runs outside the `viewBox` or out of the rectangle it sits in.

    ## What it does
    Measures each text chunk with the real font (Pillow/FreeType at its font size, with
    `text-anchor`, `letter-spacing` and transforms applied) and reports ink that passes the
    `viewBox` edge, or the edge of the smallest `<rect>` containing the text's centre.

    ## Why is this bad?
    Text past the `viewBox` is cut off; text past its box looks broken and collides with
    arrows and neighbours.

    ## Example
    ```xml
    <rect x="0" y="0" width="100" height="40"/>
    <text x="50" y="28" text-anchor="middle" font-size="22">とても長いラベルです</text>
    ```

    ## Use instead
    A wider box, a shorter label, or two lines (`<tspan x=… dy=…>`).

    ## Options
    - `assets_dir`: as for DK510.
    """
    for target in svg_targets(deck, ctx):
        root = svg_root(ctx, target.file)
        vb = viewbox(root) if root is not None else None
        frame = (vb[0], vb[1], vb[0] + vb[2], vb[1] + vb[3]) if vb else None
        for info in texts(ctx, target):
            if info.box is None:
                continue
            for name, outer in (("the viewBox", frame), ("its box", info.container)):
                past = _past(info.box, outer) if outer else 0.0
                if past > SLACK:
                    yield target.finding(f'"{_short(info.text)}" runs {past:.1f} units past '
                                         f"{name}", info.line)
                    break


def _past(box, outer) -> float:
    return max(outer[0] - box[0], outer[1] - box[1], box[2] - outer[2], box[3] - outer[3], 0.0)


@rule("DK523", "svg-text-too-small", tags=TAGS, options={**ASSETS_OPTION, "min_px": 16})
def svg_text_too_small(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG text is smaller than `min_px` at the size the slide shows it.

    ## What it does
    Converts each text's font size to slide pixels — font size × transform scale × the width
    the slide shows the SVG at (`w:800`) ÷ the `viewBox` width — and reports the smallest text
    of an SVG when it is below `min_px`, with how many texts are. An SVG no slide uses is taken
    at its own `width`.

    ## Why is this bad?
    Slide body text is 35 px; diagram labels under 16 px cannot be read from the back of a
    room or in a scaled-down PDF.

    ## Example
    `font-size="14"` in a `viewBox` 1000 wide shown at `w:800`: 11.2 px.

    ## Use instead
    `font-size="22"` (17.6 px at `w:800`).

    ## Options
    - `min_px` (default `16`): the smallest displayed size allowed.
    - `assets_dir`: as for DK510.
    """
    min_px = float(ctx.option("min_px", 16))
    for target in svg_targets(deck, ctx):
        root = svg_root(ctx, target.file)
        vb = viewbox(root) if root is not None else None
        width = display_width(target, vb, root) if root is not None else None
        infos = texts(ctx, target)
        if not vb or not width or not infos:
            continue
        factor = width / vb[2]
        small = [i for i in infos if i.size * factor < min_px - 1e-6]
        if small:
            worst = min(small, key=lambda i: i.size)
            yield target.finding(
                f'smallest text "{_short(worst.text)}" is {worst.size * factor:.1f} px on the '
                f"slide (font-size {worst.size:g} × {width:g}/{vb[2]:g}); {len(small)} text(s) "
                f"below {min_px:g} px", worst.line)
