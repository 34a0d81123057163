"""Notes export: marp-cli's `--notes` chunks (golden recorded from marp-cli 4.5.1 for the
deck as delivered) with a `## N. Title` line added in front of each chunk."""
from __future__ import annotations

from conftest import DECK, FIXTURES
from mlops_deck.parse import load_deck, parse_deck
from mlops_deck.render.notes import (CHUNK_SEPARATOR, marp_notes_text, notes_markdown,
                                     strip_headings)

GOLDEN = FIXTURES / "export" / "mlops-guide.marp-notes.txt"
DELIVERED = FIXTURES / "export" / "mlops-guide.delivered.md"  # the deck marp-cli saw


def test_chunks_equal_marp_cli_output_for_the_delivered_deck():
    assert marp_notes_text(load_deck(DELIVERED)) == GOLDEN.read_text(encoding="utf-8")


def test_without_the_added_headings_the_file_equals_marp_cli_output():
    deck = load_deck(DELIVERED)
    chunks = notes_markdown(deck).split(CHUNK_SEPARATOR)
    assert len(chunks) == len(deck.slides) == 125
    golden = GOLDEN.read_text(encoding="utf-8")
    assert CHUNK_SEPARATOR.join(strip_headings(c) for c in chunks) == golden
    assert golden.endswith("\n\n---\n\n")  # slide 125 has no notes: an empty last chunk


def test_each_chunk_starts_with_its_slide_number_and_title():
    deck = load_deck(DELIVERED)
    chunks = notes_markdown(deck).split(CHUNK_SEPARATOR)
    assert chunks[0].startswith("## 1. AWS GenAI Developer Pro\n\nAWS Certified")
    assert chunks[1] == "## 2. アジェンダ"  # slide 2 has no notes: heading only
    assert chunks[26].startswith("## 27. ")


def test_the_shipped_deck_gets_one_chunk_per_slide_in_order():
    deck = load_deck(DECK)
    chunks = notes_markdown(deck).split(CHUNK_SEPARATOR)
    assert len(chunks) == len(deck.slides)
    for slide, chunk in zip(deck.slides, chunks):
        assert chunk.startswith(f"## {slide.index}. {slide.title or ''}".rstrip())
        assert strip_headings(chunk) == "\n\n".join(n.text for n in slide.notes)


SMALL = """---
marp: true
---

# One

<!-- first note -->

text <!-- inline note -->

---

<!-- _class: lead -->

no title, no notes

---

## Three

<!--
multi
line
-->
"""


def test_small_deck_joins_notes_and_keeps_empty_chunks():
    deck = parse_deck(SMALL, "small.md")
    assert marp_notes_text(deck) == ("first note\n\ninline note\n\n---\n\n\n\n---\n\nmulti\nline")
    assert notes_markdown(deck) == ("## 1. One\n\nfirst note\n\ninline note\n\n---\n\n## 2."
                                    "\n\n---\n\n## 3. Three\n\nmulti\nline")


def test_deck_without_notes_gives_an_empty_marp_file():
    assert marp_notes_text(parse_deck("---\nmarp: true\n---\n\n# A\n", "a.md")) == ""
