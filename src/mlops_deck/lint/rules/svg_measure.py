"""SVG text as the renderer lays it out, for the text rules: ``<text>``/``<tspan>`` split into
chunks (a new chunk wherever a ``tspan`` sets ``x``/``y``/``dy``), each measured with the real
font (Pillow/FreeType) and mapped to the root's user space."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from functools import cached_property

from .svg_fonts import Face, parse_stack, pil_font, resolve_family
from .svg_style import apply, ctm, font_size, local, number, prop, scale_of, transform_box

DEFAULT_FAMILY = "serif"  # what browsers use when no font-family is set
MAX_MEASURE = 400.0  # px: text larger than this is measured at this size and scaled


@dataclass
class Segment:
    text: str
    el: object  # the element whose style applies

    @cached_property
    def size(self) -> float:
        return font_size(self.el)

    @cached_property
    def bold(self) -> bool:
        w = (prop(self.el, "font-weight") or "normal").strip().lower()
        return w in ("bold", "bolder") or (w.isdigit() and int(w) >= 600)

    @cached_property
    def italic(self) -> bool:
        return (prop(self.el, "font-style") or "").strip().lower() in ("italic", "oblique")

    @cached_property
    def families(self) -> tuple[str, ...]:
        return tuple(parse_stack(prop(self.el, "font-family")) or [DEFAULT_FAMILY])


@dataclass
class Chunk:
    """One anchored run of text: where it starts, its anchor and its styled segments."""

    x: float
    y: float
    anchor: str
    line: int
    el: object  # the <text> element
    segments: list[Segment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


def chunks(text_el) -> list[Chunk]:
    """Split a ``<text>`` element into chunks in document order."""
    out: list[Chunk] = []
    x = number(text_el.get("x")) or 0.0
    y = number(text_el.get("y")) or 0.0
    anchor = prop(text_el, "text-anchor") or "start"
    cur = Chunk(x, y + (number(text_el.get("dy")) or 0.0), anchor, text_el.sourceline or 1,
                text_el)

    def walk(el) -> None:
        nonlocal cur
        if el is not text_el and local(el) == "tspan" and any(
                el.get(a) is not None for a in ("x", "y", "dy")):
            if cur.text.strip():
                out.append(cur)
            nx = number(el.get("x"))
            ny = number(el.get("y"))
            cur = Chunk(cur.x if nx is None else nx,
                        (cur.y if ny is None else ny) + (number(el.get("dy")) or 0.0),
                        prop(el, "text-anchor") or "start", el.sourceline or cur.line, text_el)
        if el.text:
            cur.segments.append(Segment(el.text, el))
        for child in el:
            if isinstance(child.tag, str) and local(child) in ("tspan", "textPath", "a"):
                walk(child)
            if child.tail:
                cur.segments.append(Segment(child.tail, el))

    walk(text_el)
    if cur.text.strip():
        out.append(cur)
    return out


def face_for(segment: Segment, ch: str | None = None) -> Face | None:
    """The first installed face of the segment's stack (that has ``ch``, if given)."""
    return _face_for(segment.families, segment.bold, segment.italic, ch)


@functools.lru_cache(maxsize=4096)
def _face_for(families: tuple[str, ...], bold: bool, italic: bool, ch: str | None):
    from .svg_fonts import coverage
    for name in families:
        face = resolve_family(name, bold, italic)
        if face is None:
            continue
        if ch is None or ord(ch) in coverage(face.file, face.index):
            return face
    return None


def _segment_extent(seg: Segment) -> tuple[float, float, float] | None:
    """(advance, ink top, ink bottom) relative to the baseline, per-character font fallback
    through the stack as browsers do; None if some character has no font."""
    spacing = number(prop(seg.el, "letter-spacing")) or 0.0
    advance, top, bottom = 0.0, 0.0, 0.0
    run_face, run = None, ""
    pieces: list[tuple[Face, str]] = []
    for ch in seg.text.replace("\n", " "):
        face = face_for(seg, ch)
        if face is None:
            return None
        if face != run_face and run:
            pieces.append((run_face, run))
            run = ""
        run_face, run = face, run + ch
    if run:
        pieces.append((run_face, run))
    size = seg.size
    if size <= 0:
        return 0.0, 0.0, 0.0
    measure = min(size, MAX_MEASURE)  # FreeType refuses huge sizes; widths scale linearly
    scale = size / measure
    for face, text in pieces:
        font = pil_font(face.file, face.index, measure)
        advance += font.getlength(text) * scale + spacing * len(text)
        if text.strip():
            _, y0, _, y1 = font.getbbox(text, anchor="ls")
            top, bottom = min(top, y0 * scale), max(bottom, y1 * scale)
    return advance, top, bottom


def _collapse(text: str) -> str:
    return " ".join(text.split())  # xml:space="default": runs of white space become one space


def chunk_box(chunk: Chunk) -> tuple[float, float, float, float] | None:
    """The chunk's ink bounds (x0, y0, x1, y1) in root user space, or None if unmeasurable."""
    local_box = chunk_local_box(chunk)
    return transform_box(ctm(chunk.el), local_box) if local_box else None


def chunk_outline(chunk: Chunk) -> list[tuple[float, float]]:
    """Corners and edge midpoints of the chunk's ink box, in root user space (a rotated
    label stays a rotated rectangle, not its larger axis-aligned bounds)."""
    box = chunk_local_box(chunk)
    if box is None:
        return []
    m = ctm(chunk.el)
    xs, ys = (box[0], (box[0] + box[2]) / 2, box[2]), (box[1], (box[1] + box[3]) / 2, box[3])
    return [apply(m, x, y) for x in xs for y in ys if (x, y) != (xs[1], ys[1])]


def chunk_local_box(chunk: Chunk) -> tuple[float, float, float, float] | None:
    """The chunk's ink bounds in the coordinates of its ``<text>`` element."""
    advance, top, bottom = 0.0, 0.0, 0.0
    text = _collapse(chunk.text)
    segments = chunk.segments
    if len(segments) == 1:
        segments = [Segment(text, segments[0].el)]
    for seg in segments:
        ext = _segment_extent(seg)
        if ext is None:
            return None
        advance += ext[0]
        top, bottom = min(top, ext[1]), max(bottom, ext[2])
    shift = {"middle": 0.5, "end": 1.0}.get(chunk.anchor.strip(), 0.0) * advance
    x0 = chunk.x - shift
    return x0, chunk.y + top, x0 + advance, chunk.y + bottom


def displayed_scale(el) -> float:
    """How many root user units one unit of ``el`` is (its transforms' scale)."""
    return scale_of(ctm(el))


def anchor_point(chunk: Chunk) -> tuple[float, float]:
    return apply(ctm(chunk.el), chunk.x, chunk.y)

