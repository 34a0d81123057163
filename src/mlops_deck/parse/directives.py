"""Marp's directive tables: Marpit's built-ins plus marp-core's and marp-cli's additions.

Each normaliser takes the failsafe-YAML value and returns the settings it produces, or
``{}`` when Marp would ignore the value (Marp drops invalid values silently; lint says so).
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from ..model import SIZES

Normaliser = Callable[[Any], dict[str, Any]]

BUILTIN_THEMES = ("default", "gaia", "uncover")
HEADING_LEVELS = (1, 2, 3, 4, 5, 6)


def _string(name: str) -> Normaliser:
    return lambda v: {name: v} if isinstance(v, str) else {}


def _any(name: str) -> Normaliser:
    return lambda v: {name: v}


def _to_int(v: Any) -> Any:
    if isinstance(v, str):
        digits = v.strip()
        sign = digits[:1] in "+-" and digits[:1] or ""
        body = digits[len(sign):]
        num = ""
        for ch in body:
            if not ch.isdigit():
                break
            num += ch
        return int(sign + num) if num else None  # parseInt("abc") is NaN
    return v


def heading_divider(v: Any) -> dict[str, Any]:
    if isinstance(v, list):
        wanted = [_to_int(x) for x in v]
        return {"headingDivider": [h for h in HEADING_LEVELS if h in wanted]}
    if v == "false":
        return {"headingDivider": False}
    n = _to_int(v)
    return {"headingDivider": n} if n in HEADING_LEVELS else {}


def paginate(v: Any) -> dict[str, Any]:
    normal = v.lower() if isinstance(v, str) else ""
    if normal in ("hold", "skip"):
        return {"paginate": normal}
    return {"paginate": normal == "true"}


def css_class(v: Any) -> dict[str, Any]:
    if isinstance(v, list):
        return {"class": " ".join(str(x) for x in v)}
    return {"class": v}


def make_globals(themes: tuple[str, ...] = BUILTIN_THEMES) -> dict[str, Normaliser]:
    return {
        # Marpit
        "headingDivider": heading_divider,
        "style": _any("style"),
        "theme": lambda v: {"theme": v} if v in themes else {},
        "lang": _any("lang"),
        # marp-core
        # marp-core applies a size only when the theme defines it (@size); the built-in
        # themes define 16:9 and 4:3
        "size": lambda v: {"size": v} if isinstance(v, str) and v in SIZES else {},
        "math": lambda v: {"math": v} if v in ("katex", "mathjax") else {},
        # marp-cli metadata
        **{k: _string(k) for k in ("author", "description", "image", "keywords", "title", "url")},
    }


LOCALS: Mapping[str, Normaliser] = {
    "backgroundColor": _any("backgroundColor"),
    "backgroundImage": _any("backgroundImage"),
    "backgroundPosition": _any("backgroundPosition"),
    "backgroundRepeat": _any("backgroundRepeat"),
    "backgroundSize": _any("backgroundSize"),
    "class": css_class,
    "color": _any("color"),
    "footer": _string("footer"),
    "header": _string("header"),
    "paginate": paginate,
    "transition": _string("transition"),  # marp-cli (bespoke)
}

GLOBAL_NAMES = tuple(make_globals())
LOCAL_NAMES = tuple(LOCALS)
MARPIT_BUILTINS = ("headingDivider", "style", "theme", "lang", *[
    k for k in LOCAL_NAMES if k != "transition"])
# Comments loosen Marpit's built-ins; front matter also loosens the tools' additions.
LOOSE_IN_COMMENTS = MARPIT_BUILTINS
LOOSE_IN_FRONT_MATTER = GLOBAL_NAMES + LOCAL_NAMES
KNOWN_KEYS = GLOBAL_NAMES + LOCAL_NAMES  # plus `_` + each local name (spot directives)


def is_known_key(key: str) -> bool:
    """True when Marp treats ``key`` as a directive (global, local or `_`-spot local)."""
    return key in GLOBAL_NAMES or key in LOCAL_NAMES or (
        key.startswith("_") and key[1:] in LOCAL_NAMES)
