"""HTML comments on the model: kind (directive / tool / fit / note), notes in order, positions."""
from __future__ import annotations

import pytest

from mlops_deck.model import CommentKind
from mlops_deck.parse import load_deck, parse_deck
from mlops_deck.parse.comments import classify

from conftest import FIXTURES

PARITY = FIXTURES / "parity"
NOTE, TOOL, FIT, DIRECTIVE = (CommentKind.NOTE, CommentKind.TOOL, CommentKind.FIT,
                              CommentKind.DIRECTIVE)


@pytest.fixture(scope="module")
def comments():
    return load_deck(PARITY / "comments.md")


def kinds(slide):
    return [(c.kind, c.text) for c in slide.comments]


def test_notes_tools_and_fit_on_the_first_slide(comments):
    first = comments.slides[0]
    assert kinds(first) == [
        (FIT, "fit"),
        (NOTE, "A plain note."),
        (NOTE, "A multi-line note.\n\nSecond paragraph of it."),
        (NOTE, "inline note"),
        (NOTE, "note in a list item"),
        (TOOL, "prettier-ignore"),
        (TOOL, "prettier-ignore-start"),
        (TOOL, "markdownlint-disable MD033"),
        (TOOL, "markdownlint-disable-next-line"),
        (TOOL, "lint disable DK301"),
        (TOOL, "lint ignore DK302"),
    ]
    assert [n.text for n in first.notes] == [
        "A plain note.", "A multi-line note.\n\nSecond paragraph of it.", "inline note",
        "note in a list item"]
    assert first.headings[0].fit and first.title == "Comments"


def test_note_and_comment_positions(comments):
    first = comments.slides[0]
    fit, plain, multi, inline, in_list = first.comments[:5]
    assert (fit.span.line, fit.span.col, fit.inline) == (5, 12, True)
    assert (plain.span.line, plain.span.col, plain.span.end_line) == (7, 1, 7)
    assert (multi.span.line, multi.span.end_line) == (9, 13)
    assert (inline.span.line, inline.span.col, inline.inline) == (15, 19, True)
    assert (in_list.span.line, in_list.span.col) == (17, 13)
    assert [n.span.line for n in first.notes] == [7, 9, 15, 17]


def test_yaml_looking_text_without_directive_keys_is_a_note(comments):
    second = comments.slides[1]
    assert [n.text for n in second.notes] == [
        "foo: bar", "試験では: 正解は B です", "marp: true", "$size: 4:3", "", "fit", "[a, b]"]
    assert all(c.kind is NOTE for c in second.comments)  # `fit` outside a heading too
    assert second.comments[0].parsed == {"foo": "bar"}
    assert second.comments[4].span.line == 35  # the empty `<!-- -->`


def test_mixed_broken_and_duplicate_yaml(comments):
    third = comments.slides[2]
    assert [c.kind for c in third.comments] == [DIRECTIVE, NOTE, NOTE, DIRECTIVE]
    mixed, broken, duplicate, _ = third.comments
    assert mixed.parsed == {"_class": "mixed", "foo": "dropped silently"}
    assert broken.text == "class: [broken" and broken.yaml_error
    assert "duplicated" in duplicate.yaml_error
    assert third.notes[1].text == "paginate: false\npaginate: true"


def test_comment_in_a_heading_is_a_note_unless_fit(comments):
    fourth = comments.slides[3]
    assert fourth.title == "Heading with  comment"
    assert [(c.kind, c.text, c.span.line, c.span.col) for c in fourth.comments] == [
        (DIRECTIVE, "_footer: Loose footer: with colon", 59, 1),
        (NOTE, "note inside heading", 61, 17)]


def test_comments_in_quotes_lists_fences_and_html_blocks():
    deck = load_deck(PARITY / "comments_positions.md")
    first, second = deck.slides
    assert [(n.text, n.span.line, n.span.col) for n in first.notes] == [
        ("right after a heading, no blank line", 2, 1),
        ("inline in a quote", 5, 3),
        ("block comment inside a quote", 7, 3),
        ("block comment inside a list item", 10, 3),
        ("second block in the item", 13, 3),
        ("an inline comment\nthat spans two lines", 15, 6),
        ("trailing", 30, 1),
        ("three dashes", 32, 1),
        ("a", 34, 1),  # `<!-- a --> <!-- b -->`: Marp's block rule keeps only the first
    ]
    assert first.css_class == "inline-spot"  # a directive in an inline comment
    assert [h.fit for h in second.headings] == [True, True]
    assert [c.kind for c in second.comments] == [FIT, FIT, NOTE]


def test_unclosed_comment_swallows_the_rest_and_is_a_problem():
    deck = load_deck(PARITY / "unclosed_comment.md")
    assert len(deck.slides) == 1
    assert [n.text for n in deck.slides[0].notes] == [""]
    assert [(p.code, p.span.line, p.span.end_line) for p in deck.problems] == [
        ("unclosed-comment", 3, 7)]


def test_comments_before_the_first_slide_content_belong_to_slide_one():
    deck = parse_deck("<!-- first -->\n# A\n\n---\n\n<!-- second -->\n")
    assert [[n.text for n in s.notes] for s in deck.slides] == [["first"], ["second"]]


@pytest.mark.parametrize("text, in_heading, kind", [
    ("prettier-ignore-end", False, TOOL),
    ("markdownlint-capture", False, TOOL),
    ("markdownlint-restore", False, TOOL),
    ("lint enable DK301", False, TOOL),
    ("lint disable DK301\nmore", False, NOTE),  # JS `^…$` without the m flag: one line
    ("prettier-ignore please", False, NOTE),
    ("fit", True, FIT),
    ("fit", False, NOTE),
    ("paginate: skip", False, DIRECTIVE),
    ("_backgroundColor: red", False, DIRECTIVE),
    ("transition: fade", False, DIRECTIVE),  # marp-cli's local
    ("math: katex", False, DIRECTIVE),  # marp-core's global
    ("_theme: gaia", False, NOTE),  # no spot form of a global
    ("Paginate: true", False, NOTE),  # keys are case-sensitive
    ("{class}", False, DIRECTIVE),  # a flow mapping with an empty value
])
def test_classify(text, in_heading, kind):
    assert classify(text, in_heading)[0] is kind


def test_notes_in_swept_inlines_are_dropped_like_marpit():
    deck = load_deck(PARITY / "headings_text.md")
    table_slide, last = deck.slides[1], deck.slides[4]
    assert [(c.kind, c.text) for c in table_slide.comments] == [(CommentKind.DROPPED,
                                                                 "cell note")]
    assert table_slide.notes == ()
    assert [(c.kind, c.span.line) for c in last.comments] == [
        (NOTE, 34), (CommentKind.DROPPED, 41), (CommentKind.DROPPED, 43)]
    assert [n.text for n in last.notes] == ["swept with the background"]


def test_directive_in_a_swept_inline_still_applies():
    deck = parse_deck("| a |\n|---|\n| <!-- _class: cell --> |\n")
    assert deck.slides[0].css_class == "cell"
    assert deck.slides[0].comments[0].kind is DIRECTIVE
