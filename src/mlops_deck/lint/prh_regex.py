"""prh's pattern language in Python: patterns generated from `expected`, JS regex syntax,
and prh's `$n` replacement. Used by :mod:`.prh`."""
from __future__ import annotations

import re

JS_REGEX = re.compile(r"^/(.*)/([gimsuy]*)$", re.S)
_HALF = "abcdefghijklmnopqrstuvwxyz"
_FULL_LOWER = "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
_FULL_UPPER = "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
_FULL_DIGITS = "０１２３４５６７８９"


def compile_pattern(sources: tuple[str, ...], expected: str, boundary: bool) -> re.Pattern:
    """prh's pattern rules: generated from ``expected`` when there is no pattern; a
    ``/regex/flags`` string is a regex; any other string is literal; several are OR-ed.

    A generated pattern matches each letter in either case and either width; it is
    compiled ASCII-only and run over :func:`fold_width` text (same length, same offsets),
    which is equivalent and 25x cheaper to compile than full-width character classes."""
    if not sources:
        body = spread_alphanumeric(expected)
        return re.compile(rf"\b{body}\b" if boundary else body, re.ASCII)
    parts, flags = [], 0
    for source in sources:
        m = JS_REGEX.match(source)
        if m:
            parts.append(js_to_python(m.group(1)))
            flags |= (re.I if "i" in m.group(2) else 0) | (re.M if "m" in m.group(2) else 0) \
                | (re.S if "s" in m.group(2) else 0)
        else:
            parts.append(rf"\b{re.escape(source)}\b" if boundary else re.escape(source))
    body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    return re.compile(body, flags | re.ASCII)


_FOLD = str.maketrans(_FULL_UPPER + _FULL_LOWER + _FULL_DIGITS,
                      _HALF.upper() + _HALF + "0123456789")


def fold_width(text: str) -> str:
    """Full-width Latin letters and digits as ASCII (one character for one)."""
    return text.translate(_FOLD)


def spread_alphanumeric(text: str) -> str:
    """prh's generated pattern over width-folded text: each letter also matches its other
    case (its full-width forms are folded to ASCII before matching); the rest is literal."""
    out = []
    for char in fold_width(text):
        lower = char.lower()
        if char.isascii() and lower in _HALF:
            out.append(f"[{lower.upper()}{lower}]")
        else:
            out.append(re.escape(char))
    return "".join(out)


_JS_SPACE = r"\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_TOKEN = re.compile(r"\\u\{([0-9A-Fa-f]+)\}|\\k<(\w+)>|\(\?<(\w+)>|\\[sS]|\\.|\[\^?\]?|\]|.",
                       re.S)


def js_to_python(source: str) -> str:
    """Translate JS regex syntax Python spells differently (``(?<n>``, ``\\k<n>``,
    ``\\u{...}``, Unicode ``\\s``, ``[^]``); the rest is shared."""
    out, in_class = [], False
    for m in _JS_TOKEN.finditer(source):
        token = m.group(0)
        if m.group(1):
            out.append(f"\\U{int(m.group(1), 16):08X}")
        elif m.group(2):
            out.append(f"(?P={m.group(2)})")
        elif m.group(3) and not in_class:
            out.append(f"(?P<{m.group(3)}>")
        elif token in ("\\s", "\\S"):
            if in_class:
                out.append(_JS_SPACE if token == "\\s" else token)
            else:
                out.append(("[^" if token == "\\S" else "[") + _JS_SPACE + "]")
        elif token == "[^]" and not in_class:
            out.append(r"[\s\S]")
        elif token.startswith("[") and not in_class:
            in_class = True
            out.append(token)
        elif token == "]" and in_class:
            in_class = False
            out.append(token)
        else:
            out.append(token)
    return "".join(out)


DOLLAR = re.compile(r"\$(\d{1,2})")


def group_text(m: re.Match, index: int) -> str:
    return (m.group(index) or "") if index <= (m.re.groups or 0) else ""


def expand(expected: str, m: re.Match) -> str:
    """prh's replacement: ``$n`` becomes group n (empty if it did not take part); ``$0``
    and numbers beyond the groups stay literal."""
    groups = m.re.groups or 0

    def one(ref: re.Match) -> str:
        index = int(ref.group(1))
        return ref.group(0) if index == 0 or index > groups else (m.group(index) or "")
    return DOLLAR.sub(one, expected) if "$" in expected else expected
