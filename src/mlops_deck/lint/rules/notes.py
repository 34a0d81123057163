"""DK401-DK404 speaker notes: present, not empty, not a copy of the slide, not too long.

Notes are the comments Marp keeps as notes (:attr:`Slide.notes`): what the presenter view,
`--notes` and PDF note annotations show.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Iterator

from ...diagnostics import Severity
from ...model import Deck, Slide
from ..registry import Finding, Fix, RuleContext, rule
from .structure import content_tokens, line_spans, slide_anchor

TAGS = ("notes",)
_NOISE = re.compile(r"[\W_]+", re.UNICODE)


@rule("DK401", "missing-speaker-notes", Severity.WARNING, tags=TAGS,
      options={"exempt_classes": ("lead",)}, aliases=("speaker-notes-present",))
@line_spans
def missing_speaker_notes(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a slide with content but no speaker notes. Title and section slides (class
    `lead` by default) are exempt, and so are empty slides.

    ## Why is this bad?
    In a study deck the notes carry the explanation the bullets leave out (exam points,
    pitfalls). A content slide without them is a gap for whoever presents or studies it.

    ## Example
    ```markdown
    # Agenda
    - 1. MLOps basics
    ```

    ## Use instead
    ```markdown
    # Agenda
    - 1. MLOps basics

    <!-- Walk through the twelve parts and how they map to the exam domains. -->
    ```

    ## Options
    - `exempt_classes` (list, default `["lead"]`): slide classes that need no notes.
    """
    exempt = set(ctx.option("exempt_classes", ("lead",)))
    for slide in deck.slides:
        if slide.notes or not content_tokens(slide):
            continue
        if exempt & set((slide.css_class or "").split()):
            continue
        yield Finding(slide.title_span or slide_anchor(deck, slide),
                      f"slide {slide.index} has no speaker notes", slide.index)


@rule("DK402", "empty-speaker-note", Severity.WARNING, tags=TAGS, fixable=True)
@line_spans
def empty_speaker_note(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports an empty comment (`<!-- -->`), which Marp keeps as an empty speaker note.

    ## Why is this bad?
    It adds an empty paragraph to the presenter view and the PDF notes, and usually marks a
    note somebody meant to write.

    ## Example
    ```markdown
    # Canary deployment
    <!--  -->
    ```

    ## Use instead
    ```markdown
    # Canary deployment
    <!-- Shift 10 % of traffic first; roll back on CloudWatch alarms. -->
    ```

    ## Fix safety
    Safe: the fix deletes the comment when it stands on lines of its own. An empty comment
    inside a line of text is reported without a fix.
    """
    unclosed = {p.span.line for p in deck.problems if p.code == "unclosed-comment"}  # DK005
    for slide in deck.slides:
        for comment in slide.comments:
            if comment.kind.value != "note" or comment.text.strip() \
                    or comment.span.line in unclosed:
                continue
            fix = None
            if not comment.inline:
                fix = Fix(comment.span.line, comment.span.end_line or comment.span.line, "")
            yield Finding(comment.span, "empty speaker note",
                          slide.index, fix)


def visible_text(slide: Slide) -> str:
    """What the audience reads on the slide (inline text of every block, no comments)."""
    parts = []
    for token in slide.tokens:
        if token.type == "inline":
            parts += [c.content for c in token.children or ()
                      if c.type in ("text", "code_inline")]
        elif token.type in ("fence", "code_block"):
            parts.append(token.content)
    return " ".join(parts)


def squash(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).casefold()


@rule("DK403", "note-repeats-slide", Severity.WARNING, tags=TAGS,
      options={"min_chars": 10, "similarity": 0.8})
@line_spans
def note_repeats_slide(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a speaker note that repeats the slide's own text: contained in it, or nearly
    the same (compared without spaces and punctuation, width-folded).

    ## Why is this bad?
    The audience already reads the slide; a note that repeats it adds nothing for the
    presenter or the student reading the handout.

    ## Example
    ```markdown
    # Shadow testing
    - Mirror live traffic to the new model
    <!-- Mirror live traffic to the new model. -->
    ```

    ## Use instead
    ```markdown
    # Shadow testing
    - Mirror live traffic to the new model
    <!-- Responses of the shadow are logged, never returned: zero user risk. -->
    ```

    ## Options
    - `min_chars` (integer, default `10`): shorter notes are not compared.
    - `similarity` (number, default `0.8`): ratio (0-1) from which a note counts as a copy.
    """
    shortest = int(ctx.option("min_chars", 10))
    threshold = float(ctx.option("similarity", 0.8))
    for slide in deck.slides:
        shown = None
        for note in slide.notes:
            said = squash(note.text)
            if len(said) < shortest:
                continue
            shown = squash(visible_text(slide)) if shown is None else shown
            if shown and (said in shown or similar(said, shown, threshold)):
                yield Finding(note.span, "speaker note repeats the slide's text; say what "
                              "the slide does not", slide.index)


def similar(a: str, b: str, threshold: float) -> bool:
    """difflib's ratio >= threshold, after its two cheap upper bounds (lengths, then shared
    characters) rule most pairs out without building a SequenceMatcher."""
    total = len(a) + len(b)
    if len(a) > 4000 or len(b) > 20000:  # difflib is quadratic: only the substring test then
        return False
    if 2 * min(len(a), len(b)) < threshold * total:
        return False
    if 2 * sum((Counter(a) & Counter(b)).values()) < threshold * total:
        return False
    from difflib import SequenceMatcher
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


@rule("DK404", "speaker-notes-too-long", Severity.INFO, tags=TAGS,
      options={"max_chars": 600}, aliases=("speaker-notes-length",))
@line_spans
def speaker_notes_too_long(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a slide whose speaker notes together hold more than `max_chars` characters
    (whitespace not counted).

    ## Why is this bad?
    Read aloud at about 300 Japanese characters a minute, 600 characters is two minutes on
    one slide; a note that long is a script, hard to glance at while presenting, and
    overflows the presenter view and the PDF note pop-up.

    ## Example
    A slide with a 900-character note.

    ## Use instead
    Keep the point and move the detail into the slide's own follow-up slide or a handout.

    ## Options
    - `max_chars` (integer, default `600`): most note characters per slide.
    """
    limit = int(ctx.option("max_chars", 600))
    for slide in deck.slides:
        size = sum(len("".join(note.text.split())) for note in slide.notes)
        if size > limit and slide.notes:
            yield Finding(slide.notes[0].span, f"speaker notes of slide {slide.index} have "
                          f"{size} characters (limit {limit})", slide.index)
