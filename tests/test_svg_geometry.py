"""gaia_layout's estimate against heights measured in Chromium, and DK517's message."""
from __future__ import annotations

import pytest

from mlops_deck.gaia_layout import content_height, estimate_blocks, estimate_height
from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.gaia_styles import slide_styles
from mlops_deck.parse import load_deck, parse_deck

from conftest import FIXTURES

# The deck as it was when the heights below were measured (slides 1-40, unchanged text).
DECK_V1 = FIXTURES / "svg" / "layout" / "deck-v1-slides-1-40.md"

# The tallest image (px, at w:800) that keeps each slide's content inside the 580 px box,
# measured in Chromium on marp-cli's HTML with placeholder images (assets/STYLE.md, on the
# deck of commit 42f788e, kept as DECK_V1).
MEASURED_ROOM = {306: (3, 4, 5, 6, 7, 9, 14, 16, 19, 24), 259: (8, 11, 12, 18, 25),
                 212: (15, 17, 22), 174: (10, 20, 21), 352: (28,), 236: (38,),
                 189: (31, 32, 34), 151: (30,), 142: (33, 40), 84: (26,)}


@pytest.fixture(scope="module")
def deck():
    return load_deck(DECK_V1)


@pytest.mark.parametrize("room,slides", MEASURED_ROOM.items())
def test_estimate_matches_chromium_within_two_px(deck, room, slides) -> None:
    for n in slides:
        slide = deck.slides[n - 1]
        estimated = content_height() - estimate_height(slide.tokens, lambda s: 0.0,
                                                       slide_styles(deck, slide))
        assert estimated == pytest.approx(room, abs=2), n


def test_blocks_of_slide_3(deck) -> None:
    # measured: h1 85.05, image paragraph 300 + 13.25 (+35 margin), list 35 + 105
    blocks = estimate_blocks(deck.slides[2].tokens, lambda s: 300.0,
                             slide_styles(deck, deck.slides[2]))
    assert [k for k, _ in blocks] == ["heading", "paragraph", "list"]
    assert [round(h, 2) for _, h in blocks] == [85.05, 348.25, 140.0]


def test_background_images_and_code_blocks() -> None:
    d = parse_deck("# T\n\n![bg](x.svg)\n\n```py\na\nb\n```\n", FIXTURES / "x.md")
    blocks = estimate_blocks(d.slides[0].tokens, lambda s: None)
    assert [k for k, _ in blocks] == ["heading", "code"]
    assert blocks[1][1] == pytest.approx(35 + 2 * 24.5 * 1.35 + 24.5)  # gaia's 0.7 em code


def test_too_tall_message_names_the_room() -> None:
    src = ("# MLOpsとは何か？\n\n![w:800 center](../svg/bad/tall.svg)\n- a\n- b\n")
    d = parse_deck(src, FIXTURES / "rules" / "DK517.md")
    [finding] = all_rules()["DK517"].func(d, RuleContext())
    assert finding.message.startswith("tall.svg: shown 400 px tall, but the slide has room")
    assert "about 307 px" in finding.message
