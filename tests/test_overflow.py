"""Rendered overflow: fixture decks with known overflow, measured in real Chromium (one
browser session for the module), reported by the DK6xx rules at the right slide, source
line and approximate pixels; fitting slides report nothing."""
from __future__ import annotations

import pytest

from conftest import FIXTURES, ROOT
from mlops_deck.layout import LAYOUT_CACHE_KEY
from mlops_deck.lint.config import LintConfig
from mlops_deck.lint.runner import lint_deck
from mlops_deck.parse import load_deck
from mlops_deck.render.browser import BrowserError, find_browser
from mlops_deck.render.export import measure_layouts

OVERFLOW = FIXTURES / "overflow"


@pytest.fixture(scope="module")
def measured():
    try:
        find_browser()
    except BrowserError as exc:  # pragma: no cover
        pytest.skip(str(exc))
    decks = [load_deck(OVERFLOW / f"{name}.md") for name in ("deck", "padding", "suppressed",
                                                          "backgrounds")]
    return list(zip(decks, measure_layouts(decks)))


def diagnostics(deck, layout, select=("DK6",)):
    result = lint_deck(deck, LintConfig(select=select), root=ROOT,
                       extra={LAYOUT_CACHE_KEY: layout})
    assert not result.internal_errors
    return result.diagnostics


def by_slide(deck, layout):
    found: dict[int, list] = {}
    for d in diagnostics(deck, layout):
        found.setdefault(d.slide, []).append(d)
    return found


def px(message: str, word: str) -> int:
    """The number before ` px` following ``word`` in a message."""
    tail = message.split(word, 1)[1]
    return int(tail.split(" px")[0].split()[-1])


def test_content_area_comes_from_the_theme_padding(measured):
    (_, gaia), (_, own), *_ = measured
    box = gaia.slides[0].content
    assert (box.x, box.y, box.width, box.height) == (70, 70, 1140, 580)
    box = own.slides[0].content
    assert (box.x, box.y, box.width, box.height) == (100, 40, 1080, 640)


def test_fitting_slides_report_nothing(measured):
    deck, layout = measured[0]
    found = by_slide(deck, layout)
    assert 1 not in found and 6 not in found  # slide 6: a long word that gaia wraps
    assert set(found) == {2, 3, 4, 5}


def test_long_code_block(measured):
    [d] = by_slide(*measured[0])[2]
    assert (d.rule_id, d.span.line) == ("DK601", 31)  # the opening fence
    assert d.message.startswith("code block overflows the slide by ")
    # 15 code lines of 28.4 px start ~270 px down: the block ends ~110 px below y=650,
    # ~40 px below the slide's edge
    assert 80 <= px(d.message, "by") <= 140
    assert 15 <= px(d.message, ";") <= 70 and "cut off" in d.message


def test_eight_bullets_point_at_the_first_item_that_crosses_the_edge(measured):
    [d] = by_slide(*measured[0])[3]
    assert (d.rule_id, d.span.line) == ("DK601", 60)  # "- Deploy it behind an endpoint"
    assert d.message.startswith("list item overflows the slide by ")
    # heading + intro + 8 items of 57.75 px: ~70 px past the content area, into the footer
    assert 50 <= px(d.message, "by") <= 100


def test_tall_image(measured):
    [d] = by_slide(*measured[0])[4]
    assert (d.rule_id, d.span.line) == ("DK601", 67)
    # h1 85 px + paragraph margin 35 px: the image starts at y=190, ends at 750
    assert d.message == "image overflows the slide by 100 px (slide 4; 30 px cut off)"


def test_unbreakable_word_widens_its_table_past_the_right_edge(measured):
    [d] = by_slide(*measured[0])[5]
    assert (d.rule_id, d.span.line) == ("DK601", 75)  # the row holding the word
    assert "at the right" in d.message and "cut off" in d.message
    assert px(d.message, "by") > 200


def test_overflow_is_measured_against_the_computed_padding(measured):
    deck, layout = measured[1]
    [d] = diagnostics(deck, layout)
    # padding-top 40: the image starts at 40 + 85 + 35 = 160 and ends at 760
    assert d.message == "image overflows the slide by 80 px (slide 1; 40 px cut off)"


def test_findings_follow_config_and_suppressions(measured):
    deck, layout = measured[0]
    result = lint_deck(deck, LintConfig(select=("DK6",), ignore=("DK601",)), root=ROOT,
                       extra={LAYOUT_CACHE_KEY: layout})
    assert result.diagnostics == ()
    deck, layout = measured[2]
    assert [(d.slide, d.span.line) for d in diagnostics(deck, layout)] == [(2, 16)]


def test_without_measurements_the_rules_report_nothing(measured):
    deck, _ = measured[0]
    result = lint_deck(deck, LintConfig(select=("DK6",)), root=ROOT)
    assert result.diagnostics == ()


def test_background_slides_keep_their_numbers_and_a_split_narrows_the_content_area(measured):
    deck, layout = measured[3]
    assert len(layout.slides) == len(deck.slides) == 3  # one per slide, not per <section>
    box = layout.slides[1].content  # `bg left`: the content takes the right half
    assert (box.x, box.width) == (710, 500)
    assert [(d.slide, d.span.line) for d in diagnostics(deck, layout)] == [(2, 19), (3, 25)]
