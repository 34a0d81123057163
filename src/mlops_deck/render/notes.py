"""Speaker notes as text, in marp-cli's ``--notes`` chunk format, plus slide headings.

marp-cli writes one chunk per slide (an empty chunk for a slide without notes), joins the
comments of one slide with a blank line and the chunks with a ``---`` line between blank
lines, with no trailing newline. We write the same chunks and put a ``## N. Title`` line in
front of each, so a reader of the notes file knows which slide each chunk belongs to.
"""
from __future__ import annotations

import re

from ..model import Deck, Slide

CHUNK_SEPARATOR = "\n\n---\n\n"
NOTE_SEPARATOR = "\n\n"
HEADING = re.compile(r"\A## \d+\.(?: [^\n]*)?(?:\n\n|\Z)")


def slide_notes(slide: Slide) -> str:
    """One slide's chunk exactly as marp-cli writes it (comment text verbatim)."""
    return NOTE_SEPARATOR.join(note.text for note in slide.notes)


def marp_notes_text(deck: Deck) -> str:
    """The whole file marp-cli's ``--notes`` writes for this deck (empty when no notes)."""
    if not any(slide.notes for slide in deck.slides):
        return ""
    return CHUNK_SEPARATOR.join(slide_notes(slide) for slide in deck.slides)


def slide_heading(slide: Slide) -> str:
    title = " ".join((slide.title or "").split())
    return f"## {slide.index}. {title}".rstrip()


def notes_markdown(deck: Deck) -> str:
    """marp-cli's chunks, each led by its slide's ``## N. Title`` line."""
    chunks = []
    for slide in deck.slides:
        text = slide_notes(slide)
        chunks.append(slide_heading(slide) + (NOTE_SEPARATOR + text if text else ""))
    return CHUNK_SEPARATOR.join(chunks)


def strip_headings(chunk: str) -> str:
    """Remove the heading :func:`notes_markdown` added (inverse, for tests and tools)."""
    return HEADING.sub("", chunk, count=1)
