"""Marpit's image keywords: which words of an alt text Marp consumes, and what they mean.

Words that match no keyword stay in the alt text (``![w:800 center](x)`` keeps the alt
"center": Marp has no inline centring keyword).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_LENGTH = r"((?:\d*\.)?\d+(?:%|ch|cm|em|ex|in|mm|pc|pt|px)?|auto)"
_WIDTH = re.compile(rf"^w(?:idth)?:{_LENGTH}$")
_HEIGHT = re.compile(rf"^h(?:eight)?:{_LENGTH}$")
_PERCENT = re.compile(r"^(\d*\.)?\d+%$")
_SPLIT = re.compile(r"^(left|right)(?::((?:\d*\.)?\d+%))?$")
FILTER_DEFAULTS = {
    "blur": "10px", "brightness": "1.5", "contrast": "2", "drop-shadow": "0 5px 10px rgba(0,0,0,.4)",
    "grayscale": "1", "hue-rotate": "180deg", "invert": "1", "opacity": ".5", "saturate": "2",
    "sepia": "1",
}
_FILTER = re.compile(r"^(blur|brightness|contrast|grayscale|hue-rotate|invert|opacity"
                     r"|saturate|sepia)(?::(.+))?$")
# drop-shadow takes 2-4 comma-separated arguments; anything else is not a keyword.
_DROP_SHADOW = re.compile(r"^drop-shadow(?::(.+?),(.+?)(?:,(.+?))?(?:,(.+?))?)?$")
_COLOR_FUNCTION = re.compile(r"^(rgba?|hsla?|hwb|(?:ok)?(?:lab|lch)|color)\((.*)\)$")


def _css_escape(value: str) -> str:
    """Marpit escapes ``\\ ; : ( )`` in filter arguments as CSS hex escapes."""
    return re.sub(r"[\\;:()]", lambda m: f"\\{ord(m.group(0)):x} ", value)


def _drop_shadow(match: re.Match[str]) -> str:
    args = []
    for arg in match.groups():
        if arg:
            color = _COLOR_FUNCTION.match(arg)
            args.append(f"{color.group(1)}({_css_escape(color.group(2))})" if color
                        else _css_escape(arg))
    return " ".join(args) or FILTER_DEFAULTS["drop-shadow"]


BG_SIZES = {"auto": "auto", "contain": "contain", "cover": "cover", "fit": "contain"}


def _length(v: str) -> str:
    return v + "px" if re.fullmatch(r"(\d*\.)?\d+", v) else v


@dataclass
class ImageOptions:
    alt: str = ""
    keywords: list[str] = field(default_factory=list)
    width: str | None = None
    height: str | None = None
    size: str | None = None
    background: bool = False
    background_size: str | None = None
    split: str | None = None
    split_size: str | None = None
    direction: str | None = None
    filters: list[tuple[str, str]] = field(default_factory=list)


def _inline_keyword(word: str, o: ImageOptions) -> bool:
    if _PERCENT.match(word):
        o.size = word
    elif m := _WIDTH.match(word):
        o.width = _length(m.group(1))
    elif m := _HEIGHT.match(word):
        o.height = _length(m.group(1))
    elif m := _FILTER.match(word):
        value = m.group(2)
        o.filters.append((m.group(1), _css_escape(value) if value else FILTER_DEFAULTS[m.group(1)]))
    elif m := _DROP_SHADOW.match(word):
        o.filters.append(("drop-shadow", _drop_shadow(m)))
    else:
        return False
    return True


def _background_keyword(word: str, o: ImageOptions) -> bool:
    if word == "bg":
        return True
    if word in BG_SIZES:
        o.background_size = BG_SIZES[word]
        return True
    if m := _SPLIT.match(word):
        o.split, o.split_size = m.group(1), m.group(2)
        return True
    if word in ("vertical", "horizontal"):
        o.direction = word
        return True
    return False


def parse_alt(raw: str) -> ImageOptions:
    """Consume Marp's keywords from ``raw`` alt text (the markdown source of the alt)."""
    o = ImageOptions()
    parts = re.split(r"(\s+)", raw)
    words: list[tuple[str, str]] = []  # (leading whitespace, word)
    leading = ""
    for i, part in enumerate(parts):
        if i % 2 == 0 and part:
            words.append((leading, part))
            leading = ""
        else:
            leading += part
    consumed = [_inline_keyword(w, o) for _, w in words]
    if any(w == "bg" for (_, w), c in zip(words, consumed) if not c):
        o.background = True
        consumed = [c or _background_keyword(w, o) for (_, w), c in zip(words, consumed)]
    o.keywords = [w for (_, w), c in zip(words, consumed) if c]
    kept = "".join(lead + w for (lead, w), c in zip(words, consumed) if not c)
    o.alt = kept.lstrip() if any(consumed) else raw
    return o
