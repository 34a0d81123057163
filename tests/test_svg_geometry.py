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


def test_css_the_estimate_understands() -> None:
    from mlops_deck.gaia_styles import Styles, apply_css
    css = ("section pre code { font-size: 0.58em; line-height: 1.4; }\n"
           "section.lead h1 { font-size: 1.6em; color: red }\n"
           "section p:has(> img:only-child) { text-align: center; margin-top: 0.4em; }\n"
           "/* li { font-size: 9em } */ ul > li { font-size: 28px }")
    lead = apply_css(Styles(), css, {"lead"})
    plain = apply_css(Styles(), css, {"invert"})
    assert lead.heading_em[0] == 1.6 and plain.heading_em[0] == 1.8
    assert (plain.code_em, plain.code_line, plain.image_p_margin_em) == (0.58, 1.4, 0.4)
    assert plain.li_em == pytest.approx(0.8) and plain.unknown == ()


def test_css_beyond_the_estimate_is_reported_as_unknown() -> None:
    from mlops_deck.gaia_styles import Styles, apply_css
    got = apply_css(Styles(), "section { padding: 0 } li { margin-top: 2em } img { height: 9px }"
                    " table { color: red }", set())
    assert got.unknown == ("section { padding }", "li { margin-top }", "img { height }")


def test_scoped_styles_stay_on_their_slide() -> None:
    src = ("# A\n\n<style scoped>li { font-size: 0.5em; }</style>\n\n- x\n\n---\n\n# B\n\n- y\n\n"
           "---\n\n<style>h1 { font-size: 1em; }</style>\n\n# C\n")
    d = parse_deck(src, FIXTURES / "x.md")
    a, b, c = (slide_styles(d, s) for s in d.slides)
    assert (a.li_em, b.li_em, c.li_em) == (0.5, 1.0, 1.0)
    assert a.heading_em[0] == b.heading_em[0] == c.heading_em[0] == 1.0  # unscoped: deck-wide
