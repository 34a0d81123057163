"""Scope CSS to slides, as Marpit does with theme CSS and the ``style`` directive.

A theme (or a user's ``style``) is written against ``section`` = one slide. Every selector
is rewritten to point at the slide sections inside our deck container:

- ``section`` / ``section.lead h1``  -> ``<root>`` / ``<root>.lead h1``
- ``:root``                           -> ``<root>``
- ``h1`` (anything else)              -> ``<root> h1``

``<style scoped>`` adds the slide's ``[data-marpit-scope-…]`` attribute to ``<root>``.
At-rules that hold rules (``@media``, ``@supports``, ``@container``, ``@layer``) are
scoped recursively; other at-rules (``@font-face``, ``@keyframes``, ``@page``,
``@import``) pass through untouched.
"""
from __future__ import annotations

import re

ROOT = "div.marpit > svg > foreignObject > section"
_NESTING_AT_RULES = ("@media", "@supports", "@container", "@layer", "@document")
_SECTION = re.compile(r"^section(?![\w-])")
_ROOT = re.compile(r"^:root(?![\w-])")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def scope_css(css: str, root: str = ROOT) -> str:
    """Rewrite every selector of ``css`` so it applies inside ``root`` only."""
    return _scope_block(_COMMENT.sub("", css), root)


def _scope_block(css: str, root: str) -> str:
    out: list[str] = []
    pos = 0
    while pos < len(css):
        brace = css.find("{", pos)
        semi = css.find(";", pos)
        if brace < 0:
            out.append(css[pos:].strip())
            break
        if 0 <= semi < brace and css[pos:semi].strip().startswith("@"):
            out.append(css[pos:semi + 1])  # @import / @charset statement
            pos = semi + 1
            continue
        end = _matching_brace(css, brace)
        prelude, body = css[pos:brace].strip(), css[brace + 1:end]
        if prelude.startswith(_NESTING_AT_RULES):
            out.append(f"{prelude}{{{_scope_block(body, root)}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            out.append(f"{scope_selectors(prelude, root)}{{{body}}}")
        pos = end + 1
    return "".join(out)


def _matching_brace(css: str, start: int) -> int:
    depth = 0
    for i in range(start, len(css)):
        if css[i] == "{":
            depth += 1
        elif css[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(css)


def split_selectors(prelude: str) -> list[str]:
    """Split a selector list at top-level commas (not inside ``:is(a, b)``)."""
    parts, depth, current = [], 0, []
    for ch in prelude:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def scope_selectors(prelude: str, root: str) -> str:
    return ",".join(_scope_one(sel, root) for sel in split_selectors(prelude))


def _scope_one(selector: str, root: str) -> str:
    if _SECTION.match(selector):
        return root + selector[len("section"):]
    if _ROOT.match(selector):
        return root + selector[len(":root"):]
    if selector.startswith(("html", "body")):
        return selector
    return f"{root} {selector}"
