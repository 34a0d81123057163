"""prh's pattern language in Python: patterns generated from `expected`, JS regex syntax,
and prh's `$n` replacement. Used by :mod:`.prh`."""
from __future__ import annotations

import re
from typing import Any

JS_REGEX = re.compile(r"^/(.*)/([gimsuy]*)$", re.S)
_HALF = "abcdefghijklmnopqrstuvwxyz"
_FULL_LOWER = "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
_FULL_UPPER = "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
_FULL_DIGITS = "０１２３４５６７８９"


def compile_pattern(sources: tuple[str, ...], expected: str, boundary: bool) -> re.Pattern:
    """prh's pattern rules: generated from ``expected`` when there is no pattern; a
    ``/regex/flags`` string is a regex; any other string is literal; several are OR-ed.

    A generated pattern matches each letter in either case and either width (prh spreads
    every letter into a class such as ``[CcＣｃ]``). Here it is the lower-case literal run
    over :func:`fold_case` text (same length, same offsets): equivalent, and a literal lets
    the regex engine jump to candidates instead of trying every position."""
    if not sources:
        body = re.escape(fold_case(expected))
        if boundary:
            first = re.escape(fold_case(expected)[:1])
            # \b before a word character, written after it so the pattern starts literally
            lead = f"(?<![A-Za-z0-9_]{first})" if re.match(r"\w", expected[:1], re.A) else ""
            tail = r"\b" if re.match(r"\w", expected[-1:], re.A) else ""
            body = f"{first}{lead}{body[len(first):]}{tail}" if lead else rf"\b{body}{tail}"
        return re.compile(body, re.ASCII)
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
_FOLD_CASE = str.maketrans(_FULL_UPPER + _FULL_LOWER + _FULL_DIGITS + _HALF.upper(),
                           _HALF + _HALF + "0123456789" + _HALF)


_FULLWIDTH_ALNUM = re.compile("[" + _FULL_UPPER + _FULL_LOWER + _FULL_DIGITS + "]")


def fold_width(text: str) -> str:
    """Full-width Latin letters and digits as ASCII (one character for one)."""
    # str.translate looks up every character; most texts have nothing to fold
    return text.translate(_FOLD) if _FULLWIDTH_ALNUM.search(text) else text


def fold_case(text: str) -> str:
    """:func:`fold_width`, then lower case - one character for one, so offsets hold."""
    folded = fold_width(text)
    lowered = folded.lower()
    return lowered if len(lowered) == len(folded) else folded.translate(_FOLD_CASE)


def spread_alphanumeric(text: str) -> str:
    """prh's own generated pattern: each letter or digit as a class of both cases and both
    widths (kept for reference and `--rules` style output; matching uses fold_case)."""
    out = []
    for char in text:
        lower = fold_width(char).lower()
        if lower.isascii() and lower in _HALF:
            i = _HALF.index(lower)
            out.append(f"[{lower.upper()}{lower}{_FULL_UPPER[i]}{_FULL_LOWER[i]}]")
        elif lower.isascii() and lower.isdigit():
            out.append(f"[{lower}{_FULL_DIGITS[int(lower)]}]")
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


_LITERAL_RUN = re.compile(r"(?:\\b)*((?:[^\\\[\]().*+?{}|^$]|\\[^A-Za-z0-9])+)")


def required_literals(sources: tuple[str, ...], expected: str) -> tuple[str, ...] | None:
    """:func:`fold_case`-d strings of which every match contains one (the literal start of
    each alternative), or None when that cannot be told. A dictionary skips a rule whose
    literals do not occur in the folded text: a cheap ``in`` instead of a regex scan."""
    literals: list[str] = []
    for source in sources or (expected,):
        m = JS_REGEX.match(source) if sources else None
        if not m:
            literals.append(source)
            continue
        for alternative in _top_level_alternatives(m.group(1)):
            run = _LITERAL_RUN.match(alternative)
            if not run or run.start(1) != alternative.find(run.group(1)):
                return None
            text = run.group(1)
            if alternative[run.end():run.end() + 1] in ("?", "*", "{"):
                text = text[:-1]  # the last character is optional
            text = re.sub(r"\\(.)", r"\1", text)
            if not text:
                return None
            literals.append(text)
    return tuple(fold_case(t) for t in literals)


def _top_level_alternatives(source: str) -> list[str]:
    parts, depth, start, i = [], 0, 0, 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    return parts + [source[start:]]


def ignored_by(ignore: tuple, expected: str, sources: tuple[str, ...]) -> bool:
    """prh's ``ignoreRules``: a string is a pattern; a mapping names `pattern` or `expected`."""
    for item in ignore:
        spec = {"pattern": item} if isinstance(item, str) else item
        if not isinstance(spec, dict):
            continue
        if "expected" in spec and _same(spec["expected"], expected):
            return True
        if "pattern" in spec and (str(spec["pattern"]) in sources or
                                  _js_body(str(spec["pattern"])) in
                                  {_js_body(s) for s in sources}):
            return True
    return False


def _same(wanted: Any, expected: str) -> bool:
    m = JS_REGEX.match(str(wanted))
    return bool(re.search(js_to_python(m.group(1)), expected)) if m else str(wanted) == expected


def _js_body(source: str) -> str:
    m = JS_REGEX.match(source)
    return m.group(1) if m else re.escape(source)
