"""Slide splitting on the model: rulers, setext headings, headingDivider, line ranges, titles."""
from __future__ import annotations

from mlops_deck.parse import load_deck, parse_deck

from conftest import FIXTURES

PARITY = FIXTURES / "parity"


def spans(deck):
    return [(s.span.line, s.span.end_line) for s in deck.slides]


def test_split_on_top_level_rulers_only():
    deck = load_deck(PARITY / "split.md")
    assert [s.title for s in deck.slides] == [
        "One", "Two", "Three", "Four", "Setext heading", "After a list", "Spaced stars",
        "Spaced dashes"]
    # `---` inside the fence, the list item and the quote did not split slide 4
    assert spans(deck) == [(1, 2), (4, 6), (8, 10), (12, 32), (34, 41), (43, 45), (47, 49),
                           (51, 52)]


def test_setext_heading_is_not_a_split():
    deck = load_deck(PARITY / "split.md")
    setext = deck.slides[4]
    assert setext.headings[0].level == 2
    assert (setext.title_span.line, setext.title_span.end_line) == (35, 36)


def test_ruler_directly_after_a_list_splits():
    deck = parse_deck("- a\n- b\n---\n\n## Next\n")
    assert [s.title for s in deck.slides] == [None, "Next"]
    assert spans(deck) == [(1, 2), (4, 5)]


def test_heading_divider_number_and_explicit_rulers():
    deck = load_deck(PARITY / "heading_divider_number.md")
    # An explicit `---` right before a divided heading leaves an empty slide, as in Marpit
    assert [s.title for s in deck.slides] == [
        "Chapter", "Section A", None, "Section B after a ruler", "Section C"]
    assert [h.text for h in deck.slides[1].headings] == ["Section A", "Sub A"]
    # a divided slide starts at its heading's line
    assert [s.span.line for s in deck.slides] == [4, 9, 18, 19, 23]


def test_heading_divider_array_from_a_comment():
    deck = load_deck(PARITY / "heading_divider_array.md")
    assert deck.global_settings["headingDivider"] == [1, 3]
    assert [s.title for s in deck.slides] == [
        None, "One", "Three splits", "Heading inside a quote", "Five"]
    assert [h.text for h in deck.slides[1].headings] == ["One", "Two stays"]
    assert [h.text for h in deck.slides[2].headings] == ["Three splits", "Four stays"]


def test_heading_divider_false_and_out_of_range():
    assert len(parse_deck("<!-- headingDivider: false -->\n# A\n# B\n").slides) == 1
    assert len(parse_deck("<!-- headingDivider: 7 -->\n# A\n# B\n").slides) == 1
    assert len(parse_deck("<!-- headingDivider: 1 -->\n# A\n# B\n").slides) == 2


def test_empty_deck_is_one_empty_slide():
    deck = parse_deck("")
    assert len(deck.slides) == 1
    only = deck.slides[0]
    assert (only.title, only.notes, only.images, only.page_number) == (None, (), (), None)
    assert only.span.line == 1


def test_front_matter_only_deck_is_one_slide():
    deck = parse_deck("---\ntheme: gaia\n---\n")
    assert len(deck.slides) == 1 and deck.theme == "gaia"


def test_line_endings_and_bom_keep_line_numbers():
    deck = parse_deck("\ufeff# A\r\n\r\n---\r\n\r\n# B\r\n")
    assert [(s.title, s.span.line) for s in deck.slides] == [("A", 1), ("B", 4)]


def test_title_is_the_first_heading_not_code():
    deck = load_deck(PARITY / "code.md")
    assert deck.slides[0].title == "Real title"
    assert deck.slides[0].title_span.line == 6


def test_delivered_deck_shape():
    deck = load_deck(PARITY / "mlops-guide.md")  # the deck as delivered, frozen
    assert len(deck.slides) == 125
    assert sum(1 for s in deck.slides if s.css_class == "lead") == 12
    assert {s.css_class for s in deck.slides} == {"lead", "invert"}
    assert sum(1 for s in deck.slides if s.notes) == 117
    assert deck.slides[0].span.line > deck.front_matter_span.end_line
    assert all(a.span.end_line < b.span.line for a, b in zip(deck.slides, deck.slides[1:]))
