"""Layout measurements of rendered slides: plain frozen data, no behaviour.

``render.overflow`` fills these in from the browser; the DK6xx lint rules read them from
``RuleContext.cache[LAYOUT_CACHE_KEY]``. This module sits next to :mod:`model` so that lint and
render can share the shape without importing each other.
"""
from __future__ import annotations

from dataclasses import dataclass

LAYOUT_CACHE_KEY = "layout"


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in slide pixels (origin at the slide's top-left corner)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True, slots=True)
class Sides:
    """Pixels by which something passes each edge (0 when it stays inside)."""

    top: float = 0.0
    right: float = 0.0
    bottom: float = 0.0
    left: float = 0.0

    @property
    def worst(self) -> tuple[str, float]:
        """The side it passes most, and by how much."""
        return max((("bottom", self.bottom), ("right", self.right), ("top", self.top),
                    ("left", self.left)), key=lambda pair: pair[1])

    @property
    def any(self) -> bool:
        return self.worst[1] > 0


@dataclass(frozen=True, slots=True)
class Overflow:
    """One element that does not fit.

    ``beyond_content``: how far its box passes the content area (the section's padding box
    edge, e.g. 70 px in from each side in gaia). ``beyond_slide``: how far it passes the
    slide itself, i.e. how much is cut off. ``inline_excess``: how much wider its inline
    content (a long word, a code line) is than the element's own box.
    """

    slide: int  # 1-based
    line: int | None  # 1-based source line of the element (data-line), None if unknown
    kind: str  # "code block", "list", "image", "paragraph", "heading", "table", ...
    tag: str
    box: Box
    beyond_content: Sides
    beyond_slide: Sides
    inline_excess: float = 0.0
    excerpt: str = ""

    @property
    def clipped(self) -> bool:
        return self.beyond_slide.any


@dataclass(frozen=True, slots=True)
class SlideLayout:
    """One measured slide: its size, its content area and what does not fit in it."""

    index: int  # 1-based
    line: int | None  # source line where the slide starts
    width: float
    height: float
    content: Box  # the content area (the section's box minus its padding)
    overflows: tuple[Overflow, ...] = ()


@dataclass(frozen=True, slots=True)
class DeckLayout:
    """Every slide of one deck, as measured by ``browser`` (e.g. "Chromium 156.0...")."""

    slides: tuple[SlideLayout, ...]
    browser: str = ""

    @property
    def overflows(self) -> tuple[Overflow, ...]:
        return tuple(o for s in self.slides for o in s.overflows)
