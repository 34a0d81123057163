"""DK520–DK523: SVG text uses installed fonts that have every character, stays inside the
drawing and its boxes, and is large enough where the slide shows it."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterator

from ...model import Deck
from ..registry import Finding, RuleContext, rule
from .svg_common import (ASSETS_OPTION, SvgFile, display_width, memo, root_facts, svg_root,
                         svg_targets)
from .svg_style import Grid, ctm, local, transform_box, viewbox

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
    container: str | None  # the smallest shape around its centre ("rect", "circle"…)
    past_container: float  # how far (user units) its ink runs past that shape


def _visible(el) -> bool:
    node = el.getparent()
    while node is not None:
        if local(node) in HIDDEN:
            return False
        node = node.getparent()
    return True


SHAPE_TAGS = ("rect", "circle", "ellipse", "polygon")


def _shapes(root) -> Grid:
    """Visible rect/circle/ellipse/polygon shapes (filled or outlined), bucketed by bounds."""
    from .svg_paint import _inverse, _local_box, geometry
    grid = Grid()
    for el in root.iter(*(f"{{http://www.w3.org/2000/svg}}{t}" for t in SHAPE_TAGS)):
        shape = geometry(el) if _visible(el) else None
        box = _local_box(shape) if shape else None
        matrix = ctm(el)
        inverse = _inverse(matrix)
        if box is None or inverse is None or box[2] <= box[0] or box[3] <= box[1]:
            continue
        root_box = transform_box(matrix, box)
        area = (root_box[2] - root_box[0]) * (root_box[3] - root_box[1])
        grid.add(root_box, (area, local(el), shape, matrix, inverse, root_box))
    return grid


def _outside(shape, inverse, x: float, y: float) -> float:
    """How far (local units) point (x, y) lies outside ``shape`` (0 inside)."""
    from .svg_paint import contains
    if contains(shape, inverse, x, y):
        return 0.0
    a, b, c, d, e, f = inverse
    lx, ly = a * x + c * y + e, b * x + d * y + f
    if shape[0] == "rect":
        _, rx, ry, w, h = shape
        return max(rx - lx, lx - rx - w, ry - ly, ly - ry - h, 0.0)
    if shape[0] == "ellipse":
        _, cx, cy, rx, ry = shape
        r = (((lx - cx) / rx) ** 2 + ((ly - cy) / ry) ** 2) ** 0.5
        return (r - 1) * min(rx, ry)
    return 1.0  # polygon: outside, distance not worked out


def _container(box, outline, shapes: Grid) -> tuple[str | None, float]:
    """The smallest shape containing the centre of ``box`` (root-space bounds of a label whose
    outline points are ``outline``), and how far the label runs past it."""
    from .svg_paint import contains
    from .svg_style import scale_of
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    around = [s for s in shapes.near(cx, cy) if contains(s[2], s[4], cx, cy)]
    if not around:
        return None, 0.0
    _, kind, shape, matrix, inverse, root_box = min(around, key=lambda s: s[0])
    if shape[0] == "rect" and matrix[1] == matrix[2] == 0 and _upright(outline):
        return kind, _past(box, root_box)  # both axis-aligned: exact
    return kind, max(_outside(shape, inverse, x, y) for x, y in outline) * scale_of(matrix)


def _upright(outline) -> bool:
    """The label's outline is an axis-aligned rectangle (3 distinct xs and 3 distinct ys)."""
    return len({round(p[0], 6) for p in outline}) == 3 and len({round(p[1], 6)
                                                                 for p in outline}) == 3


def analyse(file: SvgFile, root) -> list[TextInfo]:
    from .svg_fonts import resolve_family
    from .svg_measure import chunk_box, chunk_outline, chunks, displayed_scale, face_for
    shapes = _shapes(root)
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
            container, past = _container(box, chunk_outline(chunk), shapes) if box \
                else (None, 0.0)
            out.append(TextInfo(
                chunk.line, chunk.text.strip(),
                min(s.size for s in chunk.segments) * displayed_scale(chunk.el),
                first, first_face is None, used.family if used else None, tofu, box,
                container, past))
    return out


def texts(ctx: RuleContext, target) -> list[TextInfo]:
    if root_facts(ctx, target.file) is None:
        return []
    found = memo(ctx, target.file, "text/2",
                 lambda f: [asdict(i) for i in analyse(f, svg_root(ctx, f))])
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
        root = root_facts(ctx, target.file)
        vb = viewbox(root) if root is not None else None
        frame = (vb[0], vb[1], vb[0] + vb[2], vb[1] + vb[3]) if vb else None
        for info in texts(ctx, target):
            if info.box is None:
                continue
            past_frame = _past(info.box, frame) if frame else 0.0
            if past_frame > SLACK:
                yield target.finding(f'"{_short(info.text)}" runs {past_frame:.1f} units past '
                                     "the viewBox", info.line)
            elif info.past_container > SLACK:
                yield target.finding(f'"{_short(info.text)}" runs {info.past_container:.1f} '
                                     f"units past its <{info.container}>", info.line)


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
        root = root_facts(ctx, target.file)
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
