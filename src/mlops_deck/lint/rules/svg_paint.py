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

from .svg_style import (_NUMBER, RGB, apply, blend, ctm, local, number, opacity, parse_color,
                        prop, px_length)

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


def contains(el, x: float, y: float, inverse=None) -> bool:
    """Whether root-space point (x, y) is inside shape ``el``'s geometry (``inverse``: the
    inverse of the element's transform, if already known)."""
    inv = inverse or _inverse(ctm(el))
    if inv is None:
        return False
    lx, ly = apply(inv, x, y)
    kind = local(el)
    if kind == "rect":
        rx, ry = _num(el, "x"), _num(el, "y")
        return rx <= lx <= rx + _num(el, "width") and ry <= ly <= ry + _num(el, "height")
    if kind in ("circle", "ellipse"):
        cx, cy = _num(el, "cx"), _num(el, "cy")
        rx = _num(el, "r") if kind == "circle" else _num(el, "rx")
        ry = _num(el, "r") if kind == "circle" else _num(el, "ry")
        return rx > 0 and ry > 0 and ((lx - cx) / rx) ** 2 + ((ly - cy) / ry) ** 2 <= 1
    if kind == "polygon":
        pts = _points(el)
        return len(pts) >= 3 and _inside_polygon(pts, lx, ly)
    return False


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


class Painter:
    """The filled shapes of one SVG in paint order, prepared once, so that the colour behind
    many points costs one pass over the shapes each (not over the whole tree)."""

    def __init__(self, root):
        self.order = {el: i for i, el in enumerate(root.iter())}
        self.shapes = []  # (order, element, (rgb, alpha), inverse transform)
        for el in root.iter():
            if isinstance(el.tag, str) and local(el) in SHAPES and _visible(el):
                fill = paint(el, "fill")
                inverse = _inverse(ctm(el))
                if fill and inverse is not None:
                    self.shapes.append((self.order[el], el, fill, inverse))

    def backing(self, el, x: float, y: float, background: RGB) -> RGB:
        """The colour behind root-space point (x, y) when ``el`` is painted."""
        color = background
        limit = self.order.get(el, len(self.order))
        for order, shape, fill, inverse in self.shapes:
            if order >= limit:
                break
            if contains(shape, x, y, inverse):
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

