"""DK101-DK105 slide structure: title, heading levels, duplicate titles, empty slides and
bullet counts. Markup that renders differently than it reads is in :mod:`.markup`.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from typing import Iterator

from ...diagnostics import Severity
from ...model import Deck, Slide, Span
from ..registry import Finding, Fix, RuleContext, rule

TAGS = ("structure",)
# Comment tokens and the hidden separators headingDivider inserts are not content.
_INVISIBLE = ("marpit_comment",)
_CONTINUATION = re.compile(
    r"[(（\[［]\s*(続き?|つづき|続編|cont(?:\.|inued|'d)?|\d+\s*(?:/\s*\d+)?|その\s*\d+|"
    r"part\s*\d+|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]|[上中下前後編])\s*[)）\]］]\s*$|"
    r"(続き|つづき|\(cont\.?\)|\bcont(?:inued|'d)\b|\bpart\s*\d+)\s*$", re.IGNORECASE)


def line_spans(func):
    """Give a rule's point positions an end (the end of their line). Every finding at one
    position then has an end or not consistently, so diagnostics sort without comparing
    None with a number (image findings keep the image's point span, as the SVG rules do)."""
    @functools.wraps(func)
    def with_ends(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
        for found in func(deck, ctx):
            span = found.span
            if span.end_line is None and 0 < span.line <= len(deck.lines):
                span = Span(span.line, span.col, span.line, len(deck.lines[span.line - 1]) + 1)
                found = dataclasses.replace(found, span=span)
            yield found
    return with_ends


def content_tokens(slide: Slide) -> list:
    """The slide's tokens that render something (comments excluded)."""
    return [t for t in slide.tokens if t.type not in _INVISIBLE
            and not (t.type == "inline" and not (t.content or "").strip())
            and not (t.type == "html_block" and t.content.lstrip().lower().startswith("<style"))]


def slide_anchor(deck: Deck, slide: Slide) -> Span:
    """Where a finding about a whole slide goes: the `---` that opens it (nothing else can
    be reported there), else its first content line."""
    sep = slide.span.line - 1
    if slide.index > 1 and 0 < sep <= len(deck.lines) and deck.lines[sep - 1].strip() \
            and set(deck.lines[sep - 1].strip()) <= set("-*_ \t"):
        return Span(sep, 1)
    return first_content_span(slide)


def first_content_span(slide: Slide) -> Span:
    for token in content_tokens(slide):
        if token.map:
            return Span(token.map[0] + 1, 1)
    return Span(slide.span.line, 1)


_IMAGES_ONLY = re.compile(r"(\s*!\[[^\]]*\]\([^)]*\)\s*)+")


def _only_backgrounds(slide: Slide) -> bool:
    """A slide that is just `![bg](…)` images needs no title."""
    if not slide.images or not all(i.background for i in slide.images):
        return False
    return all(t.type in ("paragraph_open", "paragraph_close") or (
        t.type == "inline" and _IMAGES_ONLY.fullmatch(t.content)) for t in content_tokens(slide))


@rule("DK101", "missing-slide-title", Severity.WARNING, tags=TAGS,
      options={"exempt_classes": ()})
@line_spans
def missing_slide_title(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a slide with content but no heading.

    ## Why is this bad?
    The heading is what the audience reads first, what the PDF outline and the presenter
    view list, and what a reader searches for. Slides that are only a background image
    (`![bg](…)`) and empty slides (DK104) are not reported.

    ## Example
    ```markdown
    ---
    - Data is versioned with DVC
    ```

    ## Use instead
    ```markdown
    ---
    # Data versioning
    - Data is versioned with DVC
    ```

    ## Options
    - `exempt_classes` (list, default `[]`): slide classes (e.g. `quote`) that need no title.
    """
    exempt = set(ctx.option("exempt_classes", ()))
    for slide in deck.slides:
        if slide.headings or not content_tokens(slide) or _only_backgrounds(slide):
            continue
        if exempt & set((slide.css_class or "").split()):
            continue
        yield Finding(slide_anchor(deck, slide), f"slide {slide.index} has no title "
                      "(no heading)", slide.index)


@rule("DK102", "heading-level-jump", Severity.WARNING, tags=TAGS)
@line_spans
def heading_level_jump(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a heading more than one level deeper than the heading before it on the same
    slide (`#` then `###`). Each slide is checked on its own: every slide starts again.

    ## Why is this bad?
    A skipped level usually means a heading was picked for its size, not its meaning;
    the PDF outline and screen readers then show a broken hierarchy.

    ## Example
    ```markdown
    # Training
    ### Spot instances
    ```

    ## Use instead
    ```markdown
    # Training
    ## Spot instances
    ```
    """
    for slide in deck.slides:
        for before, heading in zip(slide.headings, slide.headings[1:]):
            if heading.level > before.level + 1:
                yield Finding(heading.span, f"heading jumps from h{before.level} to "
                              f"h{heading.level} (expected h{before.level + 1} or higher)",
                              slide.index)


def _normal_title(title: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", title).split()).casefold()


@rule("DK103", "duplicate-slide-title", Severity.WARNING, tags=TAGS)
@line_spans
def duplicate_slide_title(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a slide whose title repeats an earlier slide's title, unless the title marks a
    continuation: `(続き)`, `（2）`, `(2/3)`, `その2`, `(cont.)`, `Part 2`…

    ## Why is this bad?
    Two slides with the same title look like a copy-paste slip, and are indistinguishable in
    the PDF outline, the presenter view and search.

    ## Example
    ```markdown
    # SageMaker Pipelines
    ---
    # SageMaker Pipelines
    ```

    ## Use instead
    ```markdown
    # SageMaker Pipelines
    ---
    # SageMaker Pipelines (続き)
    ```
    """
    seen: dict[str, int] = {}
    for slide in deck.slides:
        if not slide.title or not slide.title_span or _CONTINUATION.search(slide.title):
            continue
        key = _normal_title(slide.title)
        if key in seen:
            yield Finding(slide.title_span, f"slide title \"{slide.title}\" repeats slide "
                          f"{seen[key]}; mark a continuation with (続き) or rename it",
                          slide.index)
        else:
            seen[key] = slide.index


@rule("DK104", "empty-slide", Severity.WARNING, tags=TAGS, fixable=True)
@line_spans
def empty_slide(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a slide with nothing to show: two `---` in a row, a `---` at the very end of the
    deck, or a slide holding only comments.

    ## Why is this bad?
    Marp renders an empty slide (with header, footer and page number), which shows up as a
    blank page in the PDF and an extra step in the presentation.

    ## Example
    ```markdown
    # Summary

    ---

    ---
    # Questions?
    ```

    ## Use instead
    ```markdown
    # Summary

    ---
    # Questions?
    ```

    ## Fix safety
    Safe when the slide's lines are all blank: the fix deletes the `---` that opens it and
    those blank lines. A slide holding comments (notes or directives) has no fix.
    """
    for slide in deck.slides:
        if content_tokens(slide):
            continue
        opener = slide.span.line - 1 if slide.index > 1 else None
        where = Span(opener, 1) if opener else Span(slide.span.line, 1)
        fix = None
        body = deck.lines[slide.span.line - 1:slide.span.end_line or slide.span.line]
        if opener and deck.lines[opener - 1].strip() == "---" and not any(
                line.strip() for line in body) and not slide.comments:
            last = len(deck.lines) - (1 if deck.lines[-1] == "" else 0)  # text's own lines
            fix = Fix(opener, min(slide.span.end_line or opener, last), "")
        yield Finding(where, f"slide {slide.index} is empty", slide.index, fix)


def bullet_lines(slide: Slide) -> list:
    """List items that show a line of their own: a `- 1. x` item counts once."""
    tokens = slide.tokens
    return [t for i, t in enumerate(tokens) if t.type == "list_item_open" and not (
        i + 1 < len(tokens) and tokens[i + 1].type in ("bullet_list_open", "ordered_list_open"))]


@rule("DK105", "too-many-bullets", Severity.WARNING, tags=TAGS, options={"max_bullets": 6})
@line_spans
def too_many_bullets(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a slide with more list items (nested ones included) than `max_bullets`. The
    finding points at the first item over the limit.

    ## Why is this bad?
    At the gaia theme's 35 px text a 16:9 slide holds about eight one-line bullets under a
    title; longer items wrap. More bullets than that run off the bottom of the slide (Marp
    clips it) or, at best, are more than an audience reads while listening.

    ## Example
    ```markdown
    # Agenda
    - one
    - two
    - …
    - twelve
    ```

    ## Use instead
    Split the list over two slides (`# Agenda` and `# Agenda (続き)`) or group the items.

    ## Options
    - `max_bullets` (integer, default `6`): most list items a slide may hold.
    """
    limit = int(ctx.option("max_bullets", 6))
    for slide in deck.slides:
        items = bullet_lines(slide)
        if len(items) > limit and items[limit].map:
            line = items[limit].map[0] + 1
            col = len(deck.lines[line - 1]) - len(deck.lines[line - 1].lstrip()) + 1
            yield Finding(Span(line, col), f"slide {slide.index} has {len(items)} bullets "
                          f"(at most {limit} fit comfortably)", slide.index)


_RULER = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")


@rule("DK111", "ruler-as-separator", Severity.WARNING, tags=TAGS, fixable=True)
@line_spans
def ruler_as_separator(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a `***`, `___` or `- - -` line: Marp splits slides at every Markdown
    horizontal rule, not only at `---`.

    ## Why is this bad?
    Authors write `***` or `___` for a visual divider line and get a new slide instead;
    written on purpose, it hides the slide breaks from anyone scanning for `---`.

    ## Example
    ```markdown
    - Pros of batch inference
    ***
    - Cons of batch inference
    ```

    ## Use instead
    ```markdown
    - Pros of batch inference
    - Cons of batch inference
    ```
    (or `---` when a new slide is meant)

    ## Fix safety
    Safe: the fix rewrites the line as `---`, which splits the slide exactly as before.
    """
    for slide in deck.slides[1:]:
        line = slide.span.line - 1
        text = deck.lines[line - 1] if 0 < line <= len(deck.lines) else ""
        if _RULER.match(text) and text.strip() != "-" * len(text.strip()):
            yield Finding(Span(line, len(text) - len(text.lstrip()) + 1),
                          f"`{text.strip()}` starts a new slide in Marp (every horizontal rule "
                          "does); write `---` if a slide break is meant", slide.index,
                          Fix(line, line, "---"))
