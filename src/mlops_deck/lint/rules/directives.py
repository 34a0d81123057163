"""DK201-DK205 Marp directives as written: unknown keys, invalid values, repeated or
misplaced globals, and a local `class` that silently drops the deck's global class.

Marp never complains: an unknown key or an invalid value is dropped without a word, so
the deck just looks wrong. These rules read :attr:`Deck.directives` (every `key: value`
the author wrote, kept by the parser even when Marp ignores it). Directive-like comments
that Marp keeps as notes are in :mod:`.directive_comments`.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from ...diagnostics import Severity
from ...model import Deck, Directive, Scope
from ...parse.directives import BUILTIN_THEMES, GLOBAL_NAMES, LOCAL_NAMES, heading_divider
from ..registry import Finding, Fix, RuleContext, rule
from .structure import line_spans

TAGS = ("directives", "marp")
KNOWN_KEYS = (*GLOBAL_NAMES, *LOCAL_NAMES, *(f"_{name}" for name in LOCAL_NAMES))
# Sizes the built-in themes define (`@size` in marp-core's default, gaia and uncover CSS).
BUILTIN_SIZES = ("16:9", "4:3")
PAGINATE_VALUES = ("true", "false", "hold", "skip")
MATH_VALUES = ("mathjax", "katex")
STRING_ONLY = ("size", "header", "footer", "transition", "author", "description", "image",
               "keywords", "title", "url")


def did_you_mean(key: str, choices=KNOWN_KEYS) -> str:
    """` (did you mean `x`?)` for the closest known directive, or ""."""
    import difflib  # only when there is an unknown key to explain
    exact = {_squash(c): c for c in choices}.get(_squash(key))
    found = [exact] if exact else difflib.get_close_matches(key, choices, n=1, cutoff=0.75)
    return f" (did you mean `{found[0]}`?)" if found else ""


def _squash(key: str) -> str:
    """`Background-Color` and `backgroundcolor` both squash to `backgroundcolor`."""
    spot = "_" if key.startswith("_") else ""
    return spot + key.lstrip("_").lower().replace("-", "").replace("_", "")


@rule("DK201", "unknown-directive", Severity.ERROR, tags=TAGS)
@line_spans
def unknown_directive(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a key in the front matter, or in a directive comment, that is not a Marp
    directive. `marp` in the front matter is fine (editors read it; see DK208).

    ## Why is this bad?
    Marp drops unknown keys silently. A misspelt `pagniate: true` next to a real directive
    in the same comment, or `_theme: gaia` (globals have no `_` spot form), does nothing.

    ## Example
    ```markdown
    ---
    theme: gaia
    backgroundcolour: black
    ---
    ```

    ## Use instead
    ```markdown
    ---
    theme: gaia
    backgroundColor: black
    ---
    ```
    """
    for d in deck.directives:
        if d.scope is not Scope.UNKNOWN or d.key.startswith("$"):
            continue
        if d.key == "marp" and d.source == "front-matter":
            continue
        if d.key.startswith("_") and d.key[1:] in GLOBAL_NAMES:
            yield Finding(d.span, f"`{d.key}`: global directives have no `_` spot form, so "
                          f"Marp drops it; use `{d.key[1:]}`", d.slide)
            continue
        where = "front matter" if d.source == "front-matter" else "directive comment"
        yield Finding(d.span, f"unknown directive `{d.key}` in the {where}: Marp drops it"
                      + did_you_mean(d.key), d.slide)


def value_problem(d: Directive, themes: tuple[str, ...], theme: Any) -> str | None:
    """Why Marp ignores (or misreads) this directive's value, or None."""
    v, name = d.value, d.name
    if name in STRING_ONLY and not isinstance(v, str):
        return f"`{d.key}` must be a single string; Marp ignores a list or mapping"
    if name == "theme":
        ok = isinstance(v, str) and v in themes
        return None if ok else (f"unknown theme `{v}`: Marp ignores it and uses the default "
                                f"theme (known: {', '.join(themes)})")
    custom_theme = theme in themes and theme not in BUILTIN_THEMES  # its sizes are unknown
    if name == "size" and not custom_theme and v not in BUILTIN_SIZES:
        return f"size `{v}` is not defined by the theme (use {' or '.join(BUILTIN_SIZES)})"
    if name == "paginate" and not (isinstance(v, str) and v.lower() in PAGINATE_VALUES):
        return f"paginate `{v}` is not true/false/hold/skip: Marp reads it as `false`"
    if name == "headingDivider" and not _heading_divider_ok(v):
        return f"headingDivider `{v}` must be a heading level 1-6 or a list of levels"
    if name == "math" and v not in MATH_VALUES:
        return f"math `{v}` is not `mathjax` or `katex`: Marp ignores it"
    return None


def _heading_divider_ok(v: Any) -> bool:
    if isinstance(v, list):
        return bool(v) and all(isinstance(x, str) and x.strip() in "123456" and x.strip()
                               for x in v)
    return v == "false" or bool(heading_divider(v))


@rule("DK202", "invalid-directive-value", Severity.ERROR, tags=TAGS, options={"themes": ()})
@line_spans
def invalid_directive_value(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a directive value Marp ignores or misreads: an unknown `theme`, a `size` the
    theme does not define, `paginate` other than `true`/`false`/`hold`/`skip`, a
    `headingDivider` that is not a level 1-6 (or a list of levels), `math` other than
    `mathjax`/`katex`, and a list or mapping where a string is needed (`header`, `size`…).

    ## Why is this bad?
    Marp drops an invalid value silently: `paginate: yes` hides page numbers, an unknown
    theme falls back to the default look, `size: 16:10` keeps 16:9.

    ## Example
    ```markdown
    ---
    theme: gaia-dark
    paginate: yes
    ---
    ```

    ## Use instead
    ```markdown
    ---
    theme: gaia
    class: invert
    paginate: true
    ---
    ```

    ## Options
    - `themes` (list of strings, default `[]`): names of custom themes registered with
      marp-cli's `--theme-set`, accepted besides `default`, `gaia` and `uncover`.
    """
    themes = (*BUILTIN_THEMES, *ctx.option("themes", ()))
    theme = next((d.value for d in reversed(deck.directives) if d.key == "theme"), None)
    for d in deck.directives:
        if d.scope is Scope.UNKNOWN:
            continue
        problem = value_problem(d, themes, theme)
        if problem:
            yield Finding(d.span, problem, d.slide)


@rule("DK203", "repeated-global-directive", Severity.WARNING, tags=TAGS)
@line_spans
def repeated_global_directive(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a global directive (`theme`, `size`, `style`, `headingDivider`, `lang`,
    `math`, metadata such as `title`) set more than once in the deck.

    ## Why is this bad?
    A global directive applies to the whole deck and only its last value counts, wherever
    it is written: the earlier value is silently discarded, even for earlier slides.

    ## Example
    ```markdown
    ---
    theme: gaia
    ---
    # Part 2
    <!-- theme: uncover -->
    ```

    ## Use instead
    ```markdown
    ---
    theme: uncover
    ---
    # Part 2
    ```
    """
    first: dict[str, Directive] = {}
    for d in deck.directives:
        if d.scope is not Scope.GLOBAL:
            continue
        if d.name in first:
            yield Finding(d.span, f"global directive `{d.name}` is already set on line "
                          f"{first[d.name].span.line}; only the last value counts, for the "
                          "whole deck", d.slide)
        else:
            first[d.name] = d


@rule("DK204", "global-directive-in-slide", Severity.WARNING, tags=TAGS)
@line_spans
def global_directive_in_slide(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a global directive set from a comment on slide 2 or later.

    ## Why is this bad?
    A global directive is not local to the slide it sits on: `<!-- theme: uncover -->` on
    slide 40 changes the theme of all slides, the 39 before it included. Authors who write
    it there usually expect a per-slide change (which would need a local directive).

    ## Example
    ```markdown
    # Appendix
    <!-- size: 4:3 -->
    ```

    ## Use instead
    ```markdown
    ---
    size: 4:3
    ---
    ```
    """
    for d in deck.directives:
        if d.scope is Scope.GLOBAL and d.source == "comment" and (d.slide or 1) > 1:
            yield Finding(d.span, f"global directive `{d.name}` on slide {d.slide} applies to "
                          "every slide of the deck, earlier ones included; set it in the "
                          "front matter", d.slide)


_CLASS_LINE = re.compile(r"^(?P<head>.*?\b_?class\s*:\s*)(?P<q>[\"']?)(?P<value>[^\"'\[\]{}#]*?)"
                         r"(?P=q)(?P<tail>\s*(?:-->.*)?)$")


@rule("DK205", "class-drops-global-class", Severity.WARNING, tags=TAGS, fixable=True)
@line_spans
def class_drops_global_class(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a `class` or `_class` directive in a slide that replaces the class set in
    the front matter without keeping it, e.g. `_class: lead` under a global `class: invert`.

    ## Why is this bad?
    `class` sets the whole `class` attribute of the slide; it does not add to it. With
    `class: invert` in the front matter, `<!-- _class: lead -->` renders `class="lead"`: the
    slide loses the dark colour scheme and shows up cream on a dark deck.

    ## Example
    ```markdown
    ---
    class: invert
    ---
    <!-- _class: lead -->
    # Title
    ```

    ## Use instead
    ```markdown
    <!-- _class: lead invert -->
    # Title
    ```

    ## Fix safety
    Safe: the fix appends the dropped class names to the value (`lead` → `lead invert`),
    which is what keeping the deck's look means. A value written as a YAML list is
    reported without a fix.
    """
    front = next((d for d in deck.directives
                  if d.source == "front-matter" and d.key == "class"), None)
    kept = _class_words(front.value) if front else []
    if not kept:
        return
    for d in deck.directives:
        if d.source != "comment" or d.name != "class":
            continue
        dropped = [c for c in kept if c not in _class_words(d.value)]
        if dropped:
            names = " ".join(dropped)
            yield Finding(d.span, f"`{d.key}: {_show(d.value)}` replaces the deck's class "
                          f"`{' '.join(kept)}` and drops `{names}`; write "
                          f"`{d.key}: {_show(d.value)} {names}`",
                          d.slide, _class_fix(deck, d, dropped))


def _class_words(value: Any) -> list[str]:
    if isinstance(value, list):
        return [w for v in value for w in str(v).split()]
    return str(value).split() if isinstance(value, str) else []


def _show(value: Any) -> str:
    return " ".join(_class_words(value)) if isinstance(value, (str, list)) else str(value)


def _class_fix(deck: Deck, d: Directive, dropped: list[str]) -> Fix | None:
    if not isinstance(d.value, str) or not 0 < d.span.line <= len(deck.lines):
        return None
    line = deck.lines[d.span.line - 1]
    m = _CLASS_LINE.match(line)
    if not m or m.group("value").split() != d.value.split():
        return None
    value = " ".join([*m.group("value").split(), *dropped])
    return Fix(d.span.line, d.span.line,
               f"{m.group('head')}{m.group('q')}{value}{m.group('q')}{m.group('tail')}")
