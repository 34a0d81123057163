"""DK206-DK209 comments meant as directives that Marp keeps as speaker notes: a near-miss
key (`_clas:`), the removed `$` prefix, broken YAML, and `marp: true` in the wrong place.

Marp decides per comment: a YAML mapping with at least one known directive key is a
directive comment, anything else is a note (shown in presenter view, exported to PDF
notes). A typo therefore does not fail; it moves the text into the notes.
"""
from __future__ import annotations

import re
from typing import Iterator

from ...diagnostics import Severity
from ...model import Comment, CommentKind, Deck, Span
from ...parse.directives import is_known_key
from ..registry import Finding, Fix, RuleContext, rule
from .structure import line_spans
from .directives import KNOWN_KEYS, _squash

TAGS = ("directives", "marp", "notes")
_KEY_LINE = re.compile(r"^\s*(?:<!--+)?\s*[\"']?(?P<key>[$_A-Za-z][\w$-]*)[\"']?\s*:(?:\s|$)")


def note_comments(deck: Deck) -> Iterator[Comment]:
    for slide in deck.slides:
        for comment in slide.comments:
            if comment.kind is CommentKind.NOTE:
                yield comment


def key_span(deck: Deck, comment: Comment, key: str) -> Span:
    """Where ``key:`` is written inside a (possibly multi-line) comment."""
    last = min(comment.span.end_line or comment.span.line, len(deck.lines))
    for n in range(comment.span.line, last + 1):
        text = deck.lines[n - 1]
        start = comment.span.col - 1 if n == comment.span.line else 0
        m = _KEY_LINE.match(text[start:])
        if m and m.group("key") == key:
            return Span(n, start + m.start("key") + 1)
    return Span(comment.span.line, comment.span.col)


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if prev2 and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


_SQUASHED = {_squash(k): k for k in KNOWN_KEYS}
_KEY_SHAPE = re.compile(r"[_A-Za-z][\w-]{1,24}")


def near_directive(key: str) -> str | None:
    """The known directive ``key`` is probably a typo of, or None."""
    if not _KEY_SHAPE.fullmatch(key) or not key.isascii() or is_known_key(key):
        return None
    if _squash(key) in _SQUASHED:
        return _SQUASHED[_squash(key)]
    allowed = 0 if len(key) <= 4 else 1 if len(key) <= 7 else 2
    close = [k for k in KNOWN_KEYS if abs(len(k) - len(key)) <= allowed]
    scored = sorted((_distance(key, k), k) for k in close) if allowed else []
    return scored[0][1] if scored and scored[0][0] <= allowed else None


@rule("DK206", "directive-typo-in-note", Severity.ERROR, tags=TAGS)
@line_spans
def directive_typo_in_note(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a comment written as `key: value` whose key is a near miss of a Marp
    directive (`_clas`, `pagniate`, `Paginate`, `background-color`), so that Marp keeps the
    comment as a speaker note instead of applying it.

    ## Why is this bad?
    Marp gives no error: the directive is not applied (the slide keeps the wrong class,
    page numbers stay on) and the text shows up in the presenter notes and PDF notes.

    ## Example
    ```markdown
    <!-- _clas: lead -->
    # Part 2
    ```

    ## Use instead
    ```markdown
    <!-- _class: lead -->
    # Part 2
    ```
    """
    for comment in note_comments(deck):
        for key in comment.parsed or {}:
            target = near_directive(str(key))
            if target:
                yield Finding(key_span(deck, comment, str(key)),
                              f"`{key}` is not a directive (did you mean `{target}`?): Marp "
                              "keeps this comment as a speaker note and applies nothing")


@rule("DK207", "dollar-prefixed-directive", Severity.ERROR, tags=TAGS, fixable=True)
@line_spans
def dollar_prefixed_directive(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a directive written with the `$` prefix (`<!-- $size: 4:3 -->`, `$theme:` in
    the front matter), a syntax Marpit removed in version 1.4.

    ## Why is this bad?
    Current Marp treats `$size` as an unknown key: in a comment the whole comment becomes a
    speaker note, in the front matter the key is dropped. The directive is never applied.

    ## Example
    ```markdown
    <!-- $theme: gaia -->
    ```

    ## Use instead
    ```markdown
    <!-- theme: gaia -->
    ```

    ## Fix safety
    Safe: the fix removes the `$`, which is what the old syntax meant.
    """
    places = [(d.span, d.key) for d in deck.directives if d.source == "front-matter"]
    places += [(key_span(deck, c, str(k)), str(k)) for c in note_comments(deck)
               for k in c.parsed or {}]
    for span, key in places:
        if key.startswith("$") and is_known_key(key[1:]):
            line = deck.lines[span.line - 1]
            at = span.col - 1
            fix = Fix(span.line, span.line, line[:at] + line[at + 1:]) \
                if line[at:at + len(key)] == key else None
            yield Finding(span, f"`{key}`: the `$` prefix was removed from Marp; the directive "
                          f"is ignored (write `{key[1:]}`)", fix=fix)


@rule("DK208", "missing-marp-true", Severity.WARNING, tags=TAGS, fixable=True)
@line_spans
def missing_marp_true(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a deck whose front matter does not say `marp: true`, and a `marp:` key
    written in a comment (where it is just a speaker note).

    ## Why is this bad?
    marp-cli renders any Markdown, but the Marp editor integrations (VS Code's Marp
    extension, previewers) only treat a file as slides when its front matter has
    `marp: true`; without it authors preview plain Markdown and miss slide problems.

    ## Example
    ```markdown
    ---
    theme: gaia
    ---
    ```

    ## Use instead
    ```markdown
    ---
    marp: true
    theme: gaia
    ---
    ```

    ## Fix safety
    Safe: the fix inserts `marp: true` as the first front-matter line, or a new front
    matter holding only `marp: true` when the deck has none (unless its first line is a
    `---`, which would then be read as front matter).
    """
    marp = next((d for d in deck.directives
                 if d.source == "front-matter" and d.key == "marp"), None)
    if marp is None and deck.front_matter_span is not None:
        span = deck.front_matter_span
        yield Finding(Span(span.line, 1), "front matter has no `marp: true`",
                      fix=Fix(span.line + 1, span.line, "marp: true"))
    elif marp is None and not deck.problems:
        first = deck.lines[0] if deck.lines else ""
        fix = None if first.strip() == "---" else Fix(1, 0, "---\nmarp: true\n---\n")
        yield Finding(Span(1, 1), "deck has no front matter with `marp: true`", fix=fix)
    elif marp is not None and str(marp.value).lower() != "true":
        yield Finding(marp.span, f"`marp: {marp.value}`: editors only treat the file as "
                      "slides with `marp: true`")
    for comment in note_comments(deck):
        if "marp" in (comment.parsed or {}):
            yield Finding(key_span(deck, comment, "marp"), "`marp:` in a comment is a speaker "
                          "note, not a directive; it belongs in the front matter")


def _looks_like_directive(text: str) -> str | None:
    """The directive-like key the comment's first line starts with, or None (prose)."""
    m = _KEY_LINE.match(text.lstrip().split("\n", 1)[0])
    if m and (is_known_key(m.group("key").lstrip("$")) or near_directive(m.group("key"))):
        return m.group("key")
    return None


@rule("DK209", "broken-directive-yaml", Severity.ERROR, tags=TAGS)
@line_spans
def broken_directive_yaml(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a comment that starts like a directive (`paginate: …`, `_class: …`) but is not
    valid YAML, so Marp keeps it as a speaker note.

    ## Why is this bad?
    Marp parses a comment as YAML before deciding it is a directive; when the YAML is broken
    (bad indentation, an unclosed quote, a repeated key) none of its directives applies and
    the whole text appears in the speaker notes.

    ## Example
    ```markdown
    <!--
    _class: lead
      _paginate: false
    -->
    ```

    ## Use instead
    ```markdown
    <!--
    _class: lead
    _paginate: false
    -->
    ```
    """
    for comment in note_comments(deck):
        if comment.parsed is not None or not comment.yaml_error:
            continue
        key = _looks_like_directive(comment.text)
        if key:
            yield Finding(key_span(deck, comment, key), f"comment starting like directive "
                          f"`{key}` is not valid YAML ({comment.yaml_error}); Marp keeps it "
                          "as a speaker note")
