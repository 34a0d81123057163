"""What colour is behind a point of an SVG, for the contrast rule: the painter's algorithm over
the filled shapes drawn before an element, starting from the slide's background colour.

Shapes are tested exactly in their own coordinates (the point is mapped back through the
element's transforms): rect (corners' radii ignored), circle, ellipse and polygon. Paths,
gradients, patterns, filters and `currentColor` are not evaluated: a shape whose fill cannot
be known is skipped, and an element whose own colour cannot be known is not checked.
"""
from __future__ import annotations

import re
from typing import Iterator

from .svg_style import (_NUMBER, RGB, Grid, apply, blend, ctm, local, number, opacity,
                        parse_color, prop, px_length, transform_box)

SHAPES = frozenset({"rect", "circle", "ellipse", "polygon"})
HIDDEN = frozenset({"defs", "marker", "pattern", "clipPath", "mask", "symbol"})


def _inverse(m):
    a, b, c, d, e, f = m
    det = a * d - b * c
    if abs(det) < 1e-12:
        return None
    return (d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det)


def _num(el, name: str) -> float:
    return px_length(el.get(name)) or 0.0


def _points(el) -> list[tuple[float, float]]:
    nums = [float(x) for x in _NUMBER.findall(el.get("points") or "")]
    return list(zip(nums[0::2], nums[1::2]))


def _inside_polygon(pts, x, y) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def geometry(el) -> tuple | None:
    """The shape's parameters in its own coordinates: ("rect", x, y, w, h),
    ("ellipse", cx, cy, rx, ry) or ("polygon", points); None for other elements."""
    kind = local(el)
    if kind == "rect":
        return ("rect", _num(el, "x"), _num(el, "y"), _num(el, "width"), _num(el, "height"))
    if kind in ("circle", "ellipse"):
        rx = _num(el, "r") if kind == "circle" else _num(el, "rx")
        ry = _num(el, "r") if kind == "circle" else _num(el, "ry")
        return ("ellipse", _num(el, "cx"), _num(el, "cy"), rx, ry)
    if kind == "polygon":
        return ("polygon", _points(el))
    return None


def contains(shape: tuple, inverse, x: float, y: float) -> bool:
    """Whether root-space point (x, y) is inside ``shape`` (from :func:`geometry`) drawn with
    the transform whose inverse is ``inverse``."""
    lx, ly = apply(inverse, x, y)
    if shape[0] == "rect":
        _, rx, ry, w, h = shape
        return rx <= lx <= rx + w and ry <= ly <= ry + h
    if shape[0] == "ellipse":
        _, cx, cy, rx, ry = shape
        return rx > 0 and ry > 0 and ((lx - cx) / rx) ** 2 + ((ly - cy) / ry) ** 2 <= 1
    pts = shape[1]
    return len(pts) >= 3 and _inside_polygon(pts, lx, ly)


def _visible(el) -> bool:
    node = el
    while node is not None:
        if local(node) in HIDDEN or (prop(node, "visibility") or "") == "hidden" \
                or (node.get("display") or "") == "none":
            return False
        node = node.getparent()
    return True


def _alpha_of(value: str) -> float:
    """The alpha of an ``rgba(r, g, b, a)`` / ``rgb(r g b / a)`` colour (1 otherwise)."""
    parts = [p for p in re.split(r"[(),\s/]+", value.strip().lower()) if p]
    if parts and parts[0] in ("rgb", "rgba") and len(parts) == 5:
        a = number(parts[4])
        if a is not None:
            return max(0.0, min(1.0, a / 100 if parts[4].endswith("%") else a))
    return 1.0


def paint(el, name: str) -> tuple[RGB, float] | None:
    """``el``'s fill or stroke colour and its alpha, or None when none/unknown."""
    value = prop(el, name)
    if value is None:
        value = "black" if name == "fill" else "none"
    color = parse_color(value)
    if color is None:
        return None
    alpha = opacity(el, f"{name}-opacity") * _alpha_of(value)
    return (color, alpha) if alpha > 0 else None


def _local_box(shape: tuple) -> tuple[float, float, float, float] | None:
    if shape[0] == "rect":
        _, x, y, w, h = shape
        return x, y, x + w, y + h
    if shape[0] == "ellipse":
        _, cx, cy, rx, ry = shape
        return cx - rx, cy - ry, cx + rx, cy + ry
    pts = shape[1]
    if not pts:
        return None
    return (min(p[0] for p in pts), min(p[1] for p in pts),
            max(p[0] for p in pts), max(p[1] for p in pts))


class Painter:
    """The filled shapes of one SVG in paint order, prepared once (fill, inverse transform,
    bounds in a :class:`Grid`), so the colour behind a point looks only at nearby shapes."""

    def __init__(self, root):
        self.order = {el: i for i, el in enumerate(root.iter())}
        self.grid = Grid()
        for el in root.iter():
            if isinstance(el.tag, str) and local(el) in SHAPES and _visible(el):
                fill = paint(el, "fill")
                matrix = ctm(el)
                inverse = _inverse(matrix)
                shape = geometry(el)
                box = _local_box(shape) if shape else None
                if fill and inverse is not None and box is not None:
                    self.grid.add(transform_box(matrix, box),
                                  (self.order[el], shape, fill, inverse))

    def backing(self, el, x: float, y: float, background: RGB) -> RGB:
        """The colour behind root-space point (x, y) when ``el`` is painted."""
        color = background
        limit = self.order.get(el, len(self.order))
        for order, shape, fill, inverse in sorted(self.grid.near(x, y), key=lambda s: s[0]):
            if order >= limit:
                break
            if contains(shape, inverse, x, y):
                color = blend(fill[0], color, fill[1])
        return color


def stroke_point(el) -> tuple[float, float] | None:
    """A root-space point on ``el``'s outline where its stroke is seen against the backing."""
    kind = local(el)
    if kind == "line":
        p = ((_num(el, "x1") + _num(el, "x2")) / 2, (_num(el, "y1") + _num(el, "y2")) / 2)
    elif kind in ("polyline", "polygon"):
        pts = _points(el)
        if len(pts) < 2:
            return None
        p = ((pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2)
    elif kind == "rect":
        p = (_num(el, "x"), _num(el, "y") + _num(el, "height") / 2)
    elif kind == "circle":
        p = (_num(el, "cx") + _num(el, "r"), _num(el, "cy"))
    elif kind == "ellipse":
        p = (_num(el, "cx") + _num(el, "rx"), _num(el, "cy"))
    elif kind == "path":
        nums = (el.get("d") or "").replace(",", " ")
        parts = [number(t) for t in nums.lstrip("Mm \t\n").split()[:2]]
        if len(parts) < 2 or None in parts:
            return None
        p = (parts[0], parts[1])
    else:
        return None
    return apply(ctm(el), *p)


def stroked(root) -> Iterator:
    """Visible elements drawn with a stroke."""
    for node in root.iter():
        if isinstance(node.tag, str) and local(node) in SHAPES | {"line", "polyline", "path"} \
                and _visible(node) and paint(node, "stroke"):
            yield node


def text_colour(el) -> tuple[RGB, float] | None:
    return paint(el, "fill")


def stroke_width(el) -> float:
    value = number(prop(el, "stroke-width"))
    return 1.0 if value is None else value

