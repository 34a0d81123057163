"""DK515–DK517: an SVG's coordinate system is declared, its size agrees with it, and it fits
the space its slide leaves."""
from __future__ import annotations

from typing import Iterator

from ...gaia_layout import content_height, estimate_height
from ...gaia_styles import deck_css, slide_styles
from ...model import Deck, ImageRef, Slide
from ..registry import Finding, RuleContext, rule
from .svg_common import ASSETS_OPTION, Target, display_width, root_facts, svg_targets
from .svg_style import px_length, viewbox

TAGS = ("svg", "assets", "geometry")


@rule("DK515", "svg-viewbox-missing", tags=TAGS, options=ASSETS_OPTION)
def svg_viewbox_missing(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """Root `<svg>` has no (valid) `viewBox`.

    ## What it does
    Reports an SVG whose root element has no `viewBox`, or one that is not four numbers with
    a positive width and height.

    ## Why is this bad?
    Without a `viewBox` the drawing does not scale with `w:800`: it is cropped or left small,
    and the other geometry and text-size checks cannot relate its units to slide pixels.

    ## Example
    ```xml
    <svg xmlns="http://www.w3.org/2000/svg" width="1000" height="360">
    ```

    ## Use instead
    ```xml
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 360" width="1000" height="360">
    ```

    ## Options
    - `assets_dir`: as for DK510.
    """
    for target in svg_targets(deck, ctx):
        root = root_facts(ctx, target.file)
        if root is not None and viewbox(root) is None:
            raw = root.get("viewBox")
            yield target.finding(f'invalid viewBox="{raw}"' if raw else "root <svg> has no viewBox",
                                 root["line"])


@rule("DK516", "svg-size-inconsistent", tags=TAGS, options={**ASSETS_OPTION, "tolerance": 0.01})
def svg_size_inconsistent(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """Root `width`/`height` disagree with the `viewBox` aspect ratio.

    ## What it does
    When the root `<svg>` has a `viewBox` and both `width` and `height` in absolute units,
    reports an aspect ratio that differs from the `viewBox`'s by more than `tolerance`.

    ## Why is this bad?
    The browser letterboxes the drawing inside the box (`preserveAspectRatio`), so the slide
    reserves height the diagram does not use, and its text is smaller than computed.

    ## Example
    ```xml
    <svg viewBox="0 0 1000 360" width="1000" height="500">
    ```

    ## Use instead
    ```xml
    <svg viewBox="0 0 1000 360" width="1000" height="360">
    ```

    ## Options
    - `tolerance` (default `0.01`): the relative difference allowed.
    - `assets_dir`: as for DK510.
    """
    tolerance = float(ctx.option("tolerance", 0.01))
    for target in svg_targets(deck, ctx):
        root = root_facts(ctx, target.file)
        box = viewbox(root) if root is not None else None
        w, h = (px_length(root.get(a)) for a in ("width", "height")) if box else (None, None)
        if not box or not w or not h:
            continue
        ratio, vb_ratio = w / h, box[2] / box[3]
        if abs(ratio - vb_ratio) / vb_ratio > tolerance:
            yield target.finding(f"width/height {w:g}×{h:g} (ratio {ratio:.3f}) disagree with "
                                 f"viewBox {box[2]:g}×{box[3]:g} (ratio {vb_ratio:.3f})",
                                 root["line"])


def shown_height(target: Target, ctx: RuleContext) -> tuple[float, float] | None:
    """(width, height) in CSS px at which the slide shows the SVG, if known."""
    root = root_facts(ctx, target.file)
    box = viewbox(root) if root is not None else None
    if box is None:
        return None
    if target.image and target.image.height and target.image.width:
        w, h = px_length(target.image.width), px_length(target.image.height)
        return (w, h) if w and h else None
    width = display_width(target, box, root)
    return (width, width * box[3] / box[2]) if width else None


def _slide_heights(slide: Slide, shown: dict[int, float]):
    """An ImageHeight callback for gaia_layout: images in token order, bg ones out of flow."""
    order = iter(slide.images)

    def height(_src: str) -> float | None:
        image: ImageRef | None = next(order, None)
        if image is None or image.background:
            return None
        return shown.get(id(image), 0.0)
    return height


@rule("DK517", "svg-too-tall-for-slide", tags=TAGS)
def svg_too_tall_for_slide(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG, at the size the slide shows it, does not fit under the slide's title and text.

    ## What it does
    Computes the height the SVG is shown at (the slide's `w:`/`h:` and the `viewBox`
    aspect ratio) and estimates the slide's content height in the gaia theme from its
    markdown (`mlops_deck.gaia_layout`: the 580 px content box of a 720 px slide with 70 px
    padding, the h1's 63 px × 1.35 line box, 35 px × 1.35 paragraph and list lines with their
    margins, wrapped lines estimated from character widths). Reports each inline SVG on a
    slide whose content is estimated taller than the box, with the height that would fit.
    This is an estimate (within ~1 px of Chromium on the deck's slides 3–40); the rendered
    overflow check (DK6xx) measures the real layout in Chromium and confirms it. The deck's
    own CSS is taken into account where the estimate understands it (font sizes of headings,
    paragraphs, list items and code, the top margin of image-only paragraphs, in the `style`
    directive and in `<style>`/`<style scoped>`); a slide with other layout CSS is left to DK6xx.

    ## Why is this bad?
    gaia clips everything below the slide's bottom edge and draws over the footer band, so
    the bullets under a too-tall diagram are cut off.

    ## Example
    A `viewBox="0 0 1000 500"` diagram at `w:800` (400 px tall) under an h1 and two bullets.

    ## Use instead
    A flatter diagram, `viewBox="0 0 1000 360"` (288 px tall at `w:800`), or fewer bullets.
    """
    limit = content_height(deck.size[1])
    by_slide: dict[int, list[Target]] = {}
    for t in svg_targets(deck, ctx, unused=False):
        if not t.image.background and not t.image.html:  # raw <img>: not in the estimate
            by_slide.setdefault(t.slide.index, []).append(t)
    shared_css = None
    for slide in deck.slides:
        targets = by_slide.get(slide.index, [])
        if not targets:
            continue
        shared_css = deck_css(deck) if shared_css is None else shared_css
        styles = slide_styles(deck, slide, shared_css)
        if styles.unknown:
            continue  # CSS the estimate cannot model: the rendered check (DK6xx) measures it
        shown = {id(t.image): size[1] for t in targets if (size := shown_height(t, ctx))}
        if not shown:
            continue
        total = estimate_height(slide.tokens, _slide_heights(slide, shown), styles)
        excess = total - limit
        if excess <= 0.5:
            continue
        for t in targets:
            if id(t.image) in shown:
                h = shown[id(t.image)]
                yield t.finding(f"shown {h:.0f} px tall, but the slide has room for about "
                                f"{max(h - excess, 0):.0f} px (content ≈{total:.0f} px in a "
                                f"{limit:.0f} px box)")
