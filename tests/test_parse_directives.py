"""Directives on the model: where each was written (scope, source, line) and what Marp applies.

The decks are the parity fixtures (tests/fixtures/parity), whose rendering by marp-cli is
checked in test_parity.py; here we check the model fields lint and render build on.
"""
from __future__ import annotations

import pytest

from mlops_deck.model import Scope
from mlops_deck.parse import load_deck, parse_deck

from conftest import FIXTURES

PARITY = FIXTURES / "parity"


@pytest.fixture(scope="module")
def front():
    return load_deck(PARITY / "front_matter.md")


def test_front_matter_directives_keep_key_scope_and_line(front):
    got = {d.key: (d.name, d.scope, d.source, d.span.line, d.slide) for d in front.directives}
    assert got["theme"] == ("theme", Scope.GLOBAL, "front-matter", 3, None)
    assert got["class"] == ("class", Scope.LOCAL, "front-matter", 4, None)
    assert got["_class"] == ("class", Scope.SPOT, "front-matter", 8, None)
    assert got["title"] == ("title", Scope.GLOBAL, "front-matter", 10, None)
    # not directives, kept for lint with their line
    assert got["marp"] == ("marp", Scope.UNKNOWN, "front-matter", 2, None)
    assert got["unknownKey"][1:4] == (Scope.UNKNOWN, "front-matter", 11)


def test_front_matter_sets_globals_and_local_defaults(front):
    assert front.theme == "gaia"
    assert front.global_settings["lang"] == "en"
    assert "marp" not in front.global_settings
    assert front.front_matter_span.line == 1 and front.front_matter_span.end_line == 12
    first, second, third = front.slides
    assert first.css_class == "lead"  # `_class` in front matter: slide 1 only, replacing
    assert second.css_class == third.css_class == "invert"
    assert [s.header for s in front.slides] == ["Deck header"] * 3
    assert second.footer == "Deck footer: quoted"
    assert [s.page_number for s in front.slides] == [1, 2, 3]
    assert first.span.line == 13  # the first line after the front matter


def test_comment_directives_carry_slide_and_line():
    deck = load_deck(PARITY / "comments.md")
    got = [(d.key, d.scope, d.source, d.span.line, d.slide) for d in deck.directives
           if d.source == "comment"]
    assert got == [
        ("_class", Scope.SPOT, "comment", 44, 3),
        ("foo", Scope.UNKNOWN, "comment", 45, 3),  # dropped by Marp, kept for lint
        ("header", Scope.LOCAL, "comment", 55, 3),
        ("_footer", Scope.SPOT, "comment", 59, 4),
    ]
    third, fourth = deck.slides[2], deck.slides[3]
    assert third.css_class == "mixed" and fourth.css_class is None
    assert third.header == "Header: loose"  # a quoted value keeps its colon
    assert fourth.footer == "Loose footer: with colon"  # marp-core's loose YAML


def test_local_inheritance_spots_and_class_replacement():
    deck = load_deck(PARITY / "locals.md")
    assert [s.css_class for s in deck.slides] == [
        "base", "one", "spot", "alpha beta", "gamma delta", "alpha beta", None, None]
    colors = [s.settings.get("color") for s in deck.slides]
    assert colors == ["red", "red", "red", "red", "red", "blue", "red", "red"]
    assert deck.slides[5].settings["backgroundColor"] == "#123456"
    assert deck.slides[7].settings["backgroundColor"] == "#123456"  # locals carry forward
    spot = [d for d in deck.directives if d.key == "_class"]
    assert [(d.value, d.slide, d.span.line) for d in spot] == [
        ("spot", 3, 16), (["gamma", "delta"], 5, 31)]


def test_paginate_true_false_hold_skip():
    deck = load_deck(PARITY / "paginate.md")
    assert [s.page_number for s in deck.slides] == [1, None, 3, 3, 4, None, None, None, 4, 5,
                                                   None]
    assert {s.page_total for s in deck.slides if s.paginate} == {6}
    assert [s.paginate for s in deck.slides][:4] == [True, False, True, True]
    held = load_deck(PARITY / "paginate_hold_first.md")
    assert [(s.page_number, s.page_total) for s in held.slides] == [(1, 2), (1, 2), (2, 2)]


def test_header_footer_set_changed_and_emptied():
    deck = load_deck(PARITY / "header_footer.md")
    assert [s.header for s in deck.slides] == [
        "Global header", "Changed header", "Changed header", None, "Back", "**bold** header"]
    assert [s.footer for s in deck.slides] == [
        "Global footer", "Global footer", "Spot footer", "Global footer", None, None]
    emptied = [d for d in deck.directives if d.key in ("header", "footer") and d.value == ""]
    assert [(d.key, d.span.line) for d in emptied] == [("header", 22), ("footer", 29)]


def test_size_theme_colours_and_lang():
    deck = load_deck(PARITY / "size_theme.md")
    assert deck.size == (960, 720)
    assert deck.theme == "uncover"  # the unknown theme is ignored; the later comment wins
    unknown = next(d for d in deck.directives if d.key == "theme" and d.value == "no-such-theme")
    assert unknown.scope is Scope.GLOBAL and unknown.span.line == 3
    assert deck.global_settings["lang"] == "ja"
    first, second = deck.slides
    assert (first.settings["backgroundColor"], first.settings["color"]) == ("#f0f0f0", "#333")
    assert (second.settings["backgroundColor"], second.settings["color"]) == ("black", "white")


def test_failsafe_values_are_strings():
    deck = parse_deck("---\npaginate: true\nheadingDivider: 2\n---\n\n# A\n")
    value = next(d.value for d in deck.directives if d.key == "paginate")
    assert value == "true"  # js-yaml FAILSAFE: every scalar is a string
    assert deck.global_settings["headingDivider"] == 2
    assert deck.slides[0].paginate is True


def test_invalid_values_stay_on_the_model():
    deck = parse_deck("<!-- headingDivider: 9 -->\n<!-- size: [1, 2] -->\n\n# A\n")
    assert "headingDivider" not in deck.global_settings
    assert "size" not in deck.global_settings and deck.size == (1280, 720)
    kept = {d.key: d.value for d in deck.directives}
    assert kept == {"headingDivider": "9", "size": ["1", "2"]}


def test_broken_front_matter_is_a_problem_not_an_error():
    deck = load_deck(PARITY / "front_matter_broken.md")
    assert [p.code for p in deck.problems] == ["front-matter-yaml"]
    assert deck.problems[0].span.line in (3, 4)  # the `[unclosed` line or the next
    assert deck.directives == () and deck.theme is None
    assert len(deck.slides) == 2 and deck.slides[0].span.line == 6


def test_front_matter_that_is_not_a_mapping():
    deck = parse_deck("---\n- a\n- b\n---\n\n# A\n")
    assert [p.code for p in deck.problems] == ["front-matter-yaml"]
    assert deck.slides[0].title == "A"


def test_directive_positions_point_at_the_key():
    deck = parse_deck('---\ntheme: gaia\n"class": x\n---\n\n# A <!-- _class: y -->\n\n'
                      '> <!--\n> paginate: true\n> header: h -->\n\n'
                      '<!-- {color: red, _footer: f} -->\n')
    assert [(d.key, d.span.line, d.span.col) for d in deck.directives] == [
        ("theme", 2, 1), ("class", 3, 2), ("_class", 6, 10), ("paginate", 9, 3),
        ("header", 10, 3), ("color", 12, 7), ("_footer", 12, 19)]
