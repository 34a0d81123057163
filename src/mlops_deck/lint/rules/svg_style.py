"""Reading SVG presentation the way a renderer does, for the SVG rules: computed properties
(``style`` declarations beat attributes, inherited properties come from ancestors), lengths,
transforms (as 2×3 matrices) and colours with WCAG contrast.

Stylesheets (``<style>`` blocks, classes) are not applied: the diagram style guide writes
presentation as attributes, and a rule that cannot know a value skips it rather than guess.
"""
from __future__ import annotations

import math
import re

Matrix = tuple[float, float, float, float, float, float]  # a b c d e f, as in SVG
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
INHERITED = frozenset({"fill", "stroke", "font-family", "font-size", "font-weight",
                       "font-style", "text-anchor", "fill-opacity", "stroke-opacity",
                       "letter-spacing", "visibility", "color", "stroke-width"})
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_LENGTH = re.compile(rf"\s*({_NUMBER.pattern})\s*([a-zA-Z]*)\s*")
_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54,
          "mm": 96 / 25.4, "q": 96 / 101.6}
NAMED_COLORS = {
    "black": "#000000", "white": "#ffffff", "red": "#ff0000", "green": "#008000",
    "blue": "#0000ff", "yellow": "#ffff00", "gray": "#808080", "grey": "#808080",
    "silver": "#c0c0c0", "orange": "#ffa500", "navy": "#000080", "teal": "#008080",
    "purple": "#800080", "maroon": "#800000", "olive": "#808000", "lime": "#00ff00",
    "aqua": "#00ffff", "cyan": "#00ffff", "fuchsia": "#ff00ff", "magenta": "#ff00ff",
    "darkgray": "#a9a9a9", "darkgrey": "#a9a9a9", "lightgray": "#d3d3d3",
    "lightgrey": "#d3d3d3", "dimgray": "#696969", "whitesmoke": "#f5f5f5",
    "gold": "#ffd700", "pink": "#ffc0cb", "skyblue": "#87ceeb", "lightblue": "#add8e6",
}


def local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _declarations(el) -> dict[str, str]:
    style = el.get("style")
    if not style:
        return {}
    out = {}
    for part in style.split(";"):
        name, sep, value = part.partition(":")
        if sep:
            out[name.strip().lower()] = value.strip()
    return out


def own(el, name: str) -> str | None:
    """The value set on ``el`` itself (a ``style`` declaration beats the attribute)."""
    value = _declarations(el).get(name)
    if value is None:
        value = el.get(name)
    return value if value not in (None, "inherit") else None


def prop(el, name: str) -> str | None:
    """The computed value: own, else (for inherited properties) the nearest ancestor's."""
    node = el
    while node is not None:
        value = own(node, name)
        if value is not None or name not in INHERITED:
            return value
        node = node.getparent()
    return None


def number(value: str | None) -> float | None:
    if value is None:
        return None
    m = _NUMBER.match(value.strip())
    return float(m.group(0)) if m else None


def px_length(value: str | None) -> float | None:
    """An absolute length in px (user units); None for %, em and other relative units."""
    if value is None:
        return None
    m = _LENGTH.fullmatch(value)
    if not m or m.group(2).lower() not in _UNITS:
        return None
    return float(m.group(1)) * _UNITS[m.group(2).lower()]


def font_size(el) -> float:
    """The computed font-size in user units (em and % relative to the parent's; 16 default)."""
    chain = []
    node = el
    while node is not None:
        chain.append(own(node, "font-size"))
        node = node.getparent()
    size = 16.0
    for value in reversed(chain):
        if value is None:
            continue
        absolute = px_length(value)
        if absolute is not None:
            size = absolute
        elif (m := re.fullmatch(rf"\s*({_NUMBER.pattern})(em|%)\s*", value)):
            size *= float(m.group(1)) / (100 if m.group(2) == "%" else 1)
    return size


def viewbox(root) -> tuple[float, float, float, float] | None:
    raw = root.get("viewBox")
    if not raw:
        return None
    nums = [float(x) for x in _NUMBER.findall(raw)]
    return tuple(nums) if len(nums) == 4 and nums[2] > 0 and nums[3] > 0 else None


# -- transforms -------------------------------------------------------------------------

def multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m × n``: apply ``n`` first, then ``m``."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + c * B, b * A + d * B, a * C + c * D, b * C + d * D,
            a * E + c * F + e, b * E + d * F + f)


def _one_transform(name: str, args: list[float]) -> Matrix:
    if name == "matrix" and len(args) == 6:
        return tuple(args)  # type: ignore[return-value]
    if name == "translate" and args:
        return (1, 0, 0, 1, args[0], args[1] if len(args) > 1 else 0)
    if name == "scale" and args:
        return (args[0], 0, 0, args[1] if len(args) > 1 else args[0], 0, 0)
    if name == "rotate" and args:
        r = math.radians(args[0])
        rot = (math.cos(r), math.sin(r), -math.sin(r), math.cos(r), 0, 0)
        if len(args) == 3:
            cx, cy = args[1], args[2]
            return multiply(multiply((1, 0, 0, 1, cx, cy), rot), (1, 0, 0, 1, -cx, -cy))
        return rot
    if name == "skewX" and args:
        return (1, 0, math.tan(math.radians(args[0])), 1, 0, 0)
    if name == "skewY" and args:
        return (1, math.tan(math.radians(args[0])), 0, 1, 0, 0)
    return IDENTITY


def parse_transform(value: str | None) -> Matrix:
    m = IDENTITY
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", value or ""):
        m = multiply(m, _one_transform(name, [float(x) for x in _NUMBER.findall(args)]))
    return m


def ctm(el) -> Matrix:
    """Element → root user space: the transforms of ``el`` and its ancestors below the root."""
    m = IDENTITY
    node = el
    while node is not None and node.getparent() is not None:
        m = multiply(parse_transform(node.get("transform")), m)
        node = node.getparent()
    return m


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def transform_box(m: Matrix, box: tuple[float, float, float, float]):
    """The axis-aligned bounds (x0, y0, x1, y1) of ``box`` after ``m``."""
    x0, y0, x1, y1 = box
    pts = [apply(m, x, y) for x in (x0, x1) for y in (y0, y1)]
    return (min(p[0] for p in pts), min(p[1] for p in pts),
            max(p[0] for p in pts), max(p[1] for p in pts))


class Grid:
    """Boxes bucketed by 64-unit cells, so "which boxes contain this point" looks at a few
    candidates instead of every box (diagrams with thousands of shapes stay quick)."""

    CELL = 64.0
    MAX_CELLS = 256  # a box covering more cells goes in the always-checked list

    def __init__(self) -> None:
        self.buckets: dict[tuple[int, int], list] = {}
        self.large: list = []

    def add(self, box: tuple[float, float, float, float], item) -> None:
        try:
            x0, y0 = math.floor(box[0] / self.CELL), math.floor(box[1] / self.CELL)
            x1, y1 = math.floor(box[2] / self.CELL), math.floor(box[3] / self.CELL)
        except (OverflowError, ValueError):  # inf / nan geometry
            self.large.append(item)
            return
        if (x1 - x0 + 1) * (y1 - y0 + 1) > self.MAX_CELLS:
            self.large.append(item)
            return
        for gx in range(x0, x1 + 1):
            for gy in range(y0, y1 + 1):
                self.buckets.setdefault((gx, gy), []).append(item)

    def near(self, x: float, y: float) -> list:
        try:
            key = (math.floor(x / self.CELL), math.floor(y / self.CELL))
        except (OverflowError, ValueError):
            return list(self.large)
        return self.large + self.buckets.get(key, [])


def scale_of(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


# -- colours ------------------------------------------------------------------------------

RGB = tuple[float, float, float]


def parse_color(value: str | None) -> RGB | None:
    """``#rgb``, ``#rrggbb``, ``rgb(r, g, b)`` or a common name; None for none/url()/unknown."""
    if value is None:
        return None
    v = NAMED_COLORS.get(value.strip().lower(), value.strip().lower())
    if re.fullmatch(r"#[0-9a-f]{3}", v):
        return tuple(int(ch * 2, 16) for ch in v[1:])  # type: ignore[return-value]
    if re.fullmatch(r"#[0-9a-f]{6}", v):
        return tuple(int(v[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    if (m := re.fullmatch(r"rgba?\(([^)]*)\)", v)):
        parts = [p.strip() for p in re.split(r"[,\s/]+", m.group(1)) if p.strip()]
        try:
            if len(parts) >= 3:
                return tuple(min(255.0, max(0.0, float(p[:-1]) * 2.55 if p.endswith("%")
                                            else float(p))) for p in parts[:3])  # type: ignore
        except ValueError:
            return None
    return None


def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    r, g, b = (_channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: RGB, bg: RGB) -> float:
    """WCAG 2.x contrast ratio (1–21)."""
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def blend(fg: RGB, bg: RGB, alpha: float) -> RGB:
    return tuple(f * alpha + b * (1 - alpha) for f, b in zip(fg, bg))  # type: ignore


def hex_color(rgb: RGB) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def opacity(el, name: str) -> float:
    """``opacity`` × ``{fill|stroke}-opacity`` down the ancestry (group opacity multiplies)."""
    value = number(prop(el, name))
    alpha = 1.0 if value is None else max(0.0, min(1.0, value))
    node = el
    while node is not None:
        o = number(own(node, "opacity"))
        if o is not None:
            alpha *= max(0.0, min(1.0, o))
        node = node.getparent()
    return alpha
