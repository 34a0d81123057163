"""DK525–DK527: an SVG renders (CairoSVG), shows something on its slide, and its text and lines
stand out from what is behind them (WCAG AA)."""
from __future__ import annotations

import io
from typing import Iterator

from ...model import Deck
from ..registry import Finding, RuleContext, rule
from .svg_common import (ASSETS_OPTION, DARK_BG, LIGHT_BG, SvgFile, memo, root_facts,
                         svg_root, svg_targets)
from .svg_style import contrast, hex_color, local, parse_color

TAGS = ("svg", "assets", "rendering")
RENDER_WIDTH = 320  # px: enough to see whether anything is drawn, small enough to be quick


def render(file: SvgFile) -> dict:
    """Render the sanitised SVG (what the HTML embeds, so CairoSVG has nothing to fetch) and
    keep only what the rules need: ``{"error": str | None, "blank": {background: bool}}``."""
    import cairosvg
    from PIL import Image

    from ...svgsafe import sanitize_svg
    try:
        png = cairosvg.svg2png(bytestring=sanitize_svg(file.data), output_width=RENDER_WIDTH)
        image = Image.open(io.BytesIO(png)).convert("RGBA")
    except Exception as exc:  # noqa: BLE001 - CairoSVG raises many types; all mean "broken"
        return {"error": f"{type(exc).__name__}: {exc}"[:200], "blank": {}}
    return {"error": None, "blank": {bg: _blank_on(image, bg) for bg in (DARK_BG, LIGHT_BG)}}


def rendered(ctx: RuleContext, file: SvgFile) -> dict:
    return memo(ctx, file, "render/1", render)


@rule("DK525", "svg-render-error", tags=TAGS, options=ASSETS_OPTION)
def svg_render_error(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """CairoSVG cannot render the SVG.

    ## What it does
    Renders each well-formed SVG (after removing unsafe content, as the HTML build does) with
    CairoSVG and reports the error it raises.

    ## Why is this bad?
    CairoSVG draws the contact sheet; an SVG it cannot draw uses features outside the common
    static subset, and other renderers (PDF viewers, converters) may fail on it too.

    ## Example
    ```xml
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 0"/>
    ```

    ## Use instead
    A non-empty `viewBox` and plain shapes, text and paths.

    ## Options
    - `assets_dir`: as for DK510.
    """
    for target in svg_targets(deck, ctx):
        if root_facts(ctx, target.file) is None:
            continue  # DK510 reports it
        error = rendered(ctx, target.file)["error"]
        if error:
            yield target.finding(f"CairoSVG cannot render it: {error}")


def _blank_on(image, background: str) -> bool:
    from PIL import Image
    bg = tuple(round(c) for c in parse_color(background))
    canvas = Image.new("RGBA", image.size, bg + (255,))
    canvas.alpha_composite(image)
    lo_hi = canvas.convert("RGB").getextrema()
    return all(lo >= c - 2 and hi <= c + 2 for (lo, hi), c in zip(lo_hi, bg))


@rule("DK526", "svg-blank", tags=TAGS, options=ASSETS_OPTION)
def svg_blank(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG renders as nothing visible on its slide.

    ## What it does
    Composites the CairoSVG rendering over the background colour of the slide that shows it
    (gaia `#455a64` for `invert`, `#fff8e1` otherwise) and reports an SVG whose every pixel is
    that colour: empty, fully transparent, or drawn only in the background colour.

    ## Why is this bad?
    The slide shows an empty gap where the diagram should be.

    ## Example
    ```xml
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><title>x</title></svg>
    ```

    ## Use instead
    Draw the diagram (and check it in `make contact-sheet`).

    ## Options
    - `assets_dir`: as for DK510.
    """
    for target in svg_targets(deck, ctx):
        if root_facts(ctx, target.file) is None:
            continue
        if rendered(ctx, target.file)["blank"].get(target.background):
            yield target.finding(f"renders as nothing on the slide's {target.background} "
                                 "background")


def _text_problems(root, painter, background, min_text: float):
    from .svg_measure import anchor_point, chunks
    from .svg_paint import text_colour
    from .svg_text import _visible
    bg = parse_color(background)
    for text_el in root.iter("{http://www.w3.org/2000/svg}text"):
        if not _visible(text_el):
            continue
        for chunk in chunks(text_el):
            colour = text_colour(chunk.segments[0].el)
            if colour is None:
                continue
            x, y = anchor_point(chunk)
            behind = painter.backing(text_el, x, y - 0.35 * chunk.segments[0].size, bg)
            fg = tuple(a * colour[1] + b * (1 - colour[1]) for a, b in zip(colour[0], behind))
            ratio = contrast(fg, behind)
            if ratio < min_text:
                yield chunk.line, (f'text "{chunk.text.strip()[:24]}" {hex_color(fg)} on '
                                   f"{hex_color(behind)}: contrast {ratio:.2f}:1 < {min_text:g}:1")


def _line_problems(root, painter, background, min_line: float):
    from .svg_paint import paint, stroke_point, stroked
    bg = parse_color(background)
    for el in stroked(root):
        point = stroke_point(el)
        colour = paint(el, "stroke")
        if point is None or colour is None:
            continue
        behind = painter.backing(el, *point, bg)
        fg = tuple(a * colour[1] + b * (1 - colour[1]) for a, b in zip(colour[0], behind))
        ratio = contrast(fg, behind)
        if ratio < min_line:
            yield el.sourceline or 1, (f"<{local(el)}> stroke {hex_color(fg)} on "
                                       f"{hex_color(behind)}: contrast {ratio:.2f}:1 < "
                                       f"{min_line:g}:1")


def _problems(root, background: str, min_text: float, min_line: float) -> list:
    from .svg_paint import Painter
    painter = Painter(root)
    return (list(_text_problems(root, painter, background, min_text))
            + list(_line_problems(root, painter, background, min_line)))


@rule("DK527", "svg-low-contrast", tags=TAGS,
      options={**ASSETS_OPTION, "min_text": 4.5, "min_line": 3.0})
def svg_low_contrast(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG text or lines do not stand out from what is behind them (WCAG AA).

    ## What it does
    For each text chunk and each stroked line or outline, finds the colour behind it — the
    filled shapes drawn before it at that point (`svg_paint`), over the background of the slide
    that shows the SVG where it is transparent (gaia: `#455a64` for `invert`, `#fff8e1` for
    light slides, e.g. `lead` without `invert`) — and reports a WCAG 2 contrast ratio below
    4.5:1 for text or 3:1 for lines. Text without a `fill` is black, as in every renderer.
    Gradients, paths as backgrounds and `currentColor` are not evaluated.

    ## Why is this bad?
    Low-contrast labels vanish on a projector and for readers with low vision; a diagram drawn
    for a light page is unreadable on the dark `invert` slide.

    ## Example
    `<text fill="#81d4fa">` on `#455a64`: 4.39:1.

    ## Use instead
    `fill="#fff8e1"` (6.82:1), or `#455a64` text on a cream or amber box.

    ## Options
    - `min_text` (default `4.5`), `min_line` (default `3.0`): the ratios required.
    - `assets_dir`: as for DK510.
    """
    min_text = float(ctx.option("min_text", 4.5))
    min_line = float(ctx.option("min_line", 3.0))
    for target in svg_targets(deck, ctx):
        if root_facts(ctx, target.file) is None:
            continue
        key = f"contrast/1:{target.background}:{min_text}:{min_line}"
        problems = memo(ctx, target.file, key, lambda f: _problems(
            svg_root(ctx, f), target.background, min_text, min_line))
        for line, message in problems:
            yield target.finding(message, line)
