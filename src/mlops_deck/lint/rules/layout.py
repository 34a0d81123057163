"""DK6xx: rendered layout. What does not fit on a slide, measured in a real browser.

These rules never render anything themselves (lint does not import render). The caller
(``mlops-deck build``, ``mlops-deck lint --render``) measures the deck in Chromium and hands
the :class:`~mlops_deck.layout.DeckLayout` over in ``RuleContext.cache["layout"]``; without
it the rules report nothing. Their findings then go through the same config, suppressions
and reporters as every other rule.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Iterator

from ...diagnostics import Severity
from ...model import Deck, Span
from ..registry import Finding, RuleContext, rule

if TYPE_CHECKING:  # imported when measurements are there: a plain lint never needs it
    from ...layout import DeckLayout, Overflow, SlideLayout

TOLERANCE = 1.0  # px: sub-pixel rounding is not overflow
SIDES = ("bottom", "right", "top", "left")


def _layout(deck: Deck, ctx: RuleContext) -> DeckLayout | None:
    # No DeckLayout can exist before its module is loaded (the measuring caller loads it):
    # checking first keeps a plain lint from importing it.
    layout_module = sys.modules.get("mlops_deck.layout")
    if layout_module is None:
        return None
    layout = ctx.cache.get(layout_module.LAYOUT_CACHE_KEY)
    return layout if isinstance(layout, layout_module.DeckLayout) else None


def _span(deck: Deck, slide: SlideLayout, line: int | None) -> Span:
    """The element's source line; the slide's first line when the element has none."""
    if line is None or not 1 <= line <= len(deck.lines):
        source = deck.slides[slide.index - 1] if slide.index <= len(deck.slides) else None
        line = source.span.line if source else 1
    return Span(line, 1)


@rule("DK601", "slide-overflow", Severity.ERROR, tags=("layout", "render"),
      options={"tolerance": 2})
def slide_overflow(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports content whose rendered box leaves the slide's content area (the slide minus the
    theme's padding: 1140×580 px at 70 px in gaia) or is cut off by the slide's edge.

    ## Why is this bad?
    Marp gives every slide `overflow: hidden` and says nothing: the end of a long code block
    or list simply disappears, or is drawn over the footer and page number. Needs a rendered
    deck (`mlops-deck build`, or `mlops-deck lint --render`); otherwise it reports nothing.
    One finding per slide and side, at the first element that crosses the edge; the pixels
    are how far the slide's content runs past the content area, and how much is cut off.

    ## Example
    A slide with a heading, two paragraphs and a 20-line code block.

    ## Use instead
    Split the slide, shorten the code, or make it smaller with a scoped style.

    ## Options
    `tolerance` (px, default 2): overflow up to this many pixels is ignored.
    """
    layout = _layout(deck, ctx)
    if layout is None:
        return
    tolerance = float(ctx.option("tolerance", 2))
    for slide in layout.slides:
        for side in SIDES:
            crossing = [o for o in slide.overflows
                        if getattr(o.beyond_content, side) > max(tolerance, TOLERANCE)]
            if crossing:
                yield _box_finding(deck, slide, side, crossing)


def _box_finding(deck: Deck, slide: SlideLayout, side: str, crossing: list[Overflow]) -> Finding:
    where = _first_crossing(slide, side, crossing)
    past = max(getattr(o.beyond_content, side) for o in crossing)
    cut = max(getattr(o.beyond_slide, side) for o in crossing)
    side_text = "" if side == "bottom" else f" at the {side}"
    cut_text = f"; {cut:.0f} px cut off" if cut > TOLERANCE else ""
    return Finding(_span(deck, slide, where.line),
                   f"{where.kind} overflows the slide by {past:.0f} px{side_text} "
                   f"(slide {slide.index}{cut_text})", slide.index)


def _first_crossing(slide: SlideLayout, side: str, crossing: list[Overflow]) -> Overflow:
    """Where the overflow starts: the innermost element straddling the edge (the list item,
    not its list); when the edge falls in a gap between a container's children, the first
    child wholly past it; when everything lies wholly outside, the first element."""
    content = slide.content
    start = {"bottom": lambda o: o.box.y, "right": lambda o: o.box.x,
             "top": lambda o: -o.box.bottom, "left": lambda o: -o.box.right}[side]
    edge = {"bottom": content.bottom, "right": content.right,
            "top": -content.y, "left": -content.x}[side]
    straddling = [o for o in crossing if start(o) < edge]
    if not straddling:
        return crossing[0]
    best = max(start(o) for o in straddling)
    inner = [o for o in straddling if start(o) == best][-1]  # ties: the later, inner one
    beyond = [o for o in crossing if start(o) >= edge and _inside(o, inner)]
    if beyond:
        first = min(start(o) for o in beyond)
        return [o for o in beyond if start(o) == first][-1]
    return inner


def _inside(item: Overflow, container: Overflow) -> bool:
    a, b = item.box, container.box
    return (a.x >= b.x - TOLERANCE and a.y >= b.y - TOLERANCE
            and a.right <= b.right + TOLERANCE and a.bottom <= b.bottom + TOLERANCE)


@rule("DK602", "inline-overflow", Severity.ERROR, tags=("layout", "render"),
      options={"tolerance": 2})
def inline_overflow(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports inline content wider than the element holding it, as rendered: a word or URL
    that cannot break, a code line wider than its code block, a table wider than the slide.

    ## Why is this bad?
    The text runs over its neighbours or past the slide's edge, where it is cut off. Needs a
    rendered deck (see DK601); otherwise it reports nothing.

    ## Example
    `` `s3://my-bucket/a/very/long/path/that/never/breaks/model.tar.gz` `` in a table cell.

    ## Use instead
    Shorten it, break it, or move it into a code block.

    ## Options
    `tolerance` (px, default 2): excess up to this many pixels is ignored.
    """
    layout = _layout(deck, ctx)
    if layout is None:
        return
    tolerance = max(float(ctx.option("tolerance", 2)), TOLERANCE)
    for slide in layout.slides:
        for item in slide.overflows:
            if item.inline_excess > tolerance:
                yield _inline_finding(deck, slide, item)


def _inline_finding(deck: Deck, slide: SlideLayout, item: Overflow) -> Finding:
    what = "code line" if item.kind == "code block" else "text"
    cut = item.box.right + item.inline_excess - slide.width
    cut_text = f"; {cut:.0f} px cut off" if cut > TOLERANCE else ""
    return Finding(_span(deck, slide, item.line),
                   f"{what} is {item.inline_excess:.0f} px wider than its {item.kind} "
                   f"(slide {slide.index}{cut_text})", slide.index)
