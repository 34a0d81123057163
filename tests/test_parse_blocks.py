"""Code blocks and images on the model: spans, languages, Marp's image keywords."""
from __future__ import annotations

import pytest

from mlops_deck.parse import load_deck, parse_deck

from conftest import DECK, FIXTURES

PARITY = FIXTURES / "parity"


def test_code_blocks_lang_info_and_lines():
    deck = load_deck(PARITY / "code.md")
    got = [(c.lang, c.info, c.span.line, c.span.end_line, c.span.col, c.line_count, c.fenced,
            c.closed) for c in deck.slides[0].code_blocks]
    assert got == [
        ("python", "python", 1, 4, 1, 2, True, True),
        ("js", 'js title="app.js" {1,3}', 8, 10, 1, 1, True, True),
        (None, "", 12, 14, 1, 1, True, True),
        (None, "", 16, 17, 5, 2, False, True),  # indented code: column of the code
        ("markdown", "markdown", 19, 23, 1, 3, True, True),
    ]
    first = deck.slides[0].code_blocks[0]
    assert first.first_code_line == 2 and first.text.startswith("# not a title")
    assert deck.problems == ()


def test_unclosed_fence_runs_to_the_end_and_is_a_problem():
    deck = load_deck(PARITY / "unclosed_fence.md")
    assert len(deck.slides) == 2  # the `---` after the fence opened is code
    fence = deck.slides[1].code_blocks[0]
    assert (fence.closed, fence.span.line, fence.span.end_line) == (False, 7, 12)
    assert [(p.code, p.span.line) for p in deck.problems] == [("unclosed-fence", 7)]


def test_longer_closing_fence_closes():
    deck = parse_deck("````py\nx\n``````\n")
    assert deck.slides[0].code_blocks[0].closed and deck.problems == ()


@pytest.fixture(scope="module")
def images():
    return load_deck(PARITY / "images.md")


def test_inline_image_keywords_and_alt(images):
    got = [(i.src, i.alt, i.keywords, i.width, i.height, i.span.line, i.span.col)
           for i in images.slides[0].images]
    assert got == [
        ("a.svg", "center", ("w:200",), "200px", None, 3, 1),  # no centring keyword in Marp
        ("b.svg", "", ("width:300px",), "300px", None, 4, 1),
        ("c.svg", "", ("h:5em",), None, "5em", 5, 1),
        ("d.svg", "", ("height:120", "w:40%"), None, "120px", 6, 1),  # % not applied inline
        ("e.svg", "unknown words stay", (), None, None, 7, 1),
        ("f.svg", "photo", ("sepia", "blur:4px"), None, None, 8, 1),
    ]
    assert images.slides[0].images[3].title == "Title text"
    assert images.slides[0].images[5].filters == (("sepia", "1"), ("blur", "4px"))
    assert not any(i.background for i in images.slides[0].images)


def test_background_images_and_modifiers(images):
    def bg(slide):
        return [(i.src, i.background, i.background_size, i.split, i.split_size, i.direction,
                 i.alt) for i in images.slides[slide - 1].images]
    assert bg(2) == [("bg1.png", True, None, None, None, None, "")]
    assert bg(3) == [("left.png", True, None, "left", "33%", None, "")]
    assert bg(4) == [("right.png", True, "contain", "right", None, None, "")]
    assert bg(5) == [("c1.png", True, "contain", None, None, None, ""),
                     ("v1.png", True, None, None, None, "vertical", ""),
                     ("v2.png", True, None, None, None, None, "caption words")]
    assert bg(6) == [("pct.png", True, "80%", None, None, None, ""),
                     ("auto.png", True, "auto", None, None, None, "")]
    sizes = [i.background_size for i in images.slides[8].images]
    assert sizes == ["300px auto", "50% 200px", "contain", "contain", None]


def test_image_in_last_list_item_and_case_sensitive_keywords(images):
    last, empty, case = images.slides[6].images
    assert (last.src, last.in_list_item, last.span.line) == ("li.svg", True, 45)
    assert (empty.alt, empty.keywords) == ("", ())
    assert (case.alt, case.keywords, case.background) == ("W:100 Bg", (), False)


def test_filters_follow_marpit(images):
    ds, ds2, pct, auto, vw = images.slides[7].images
    assert ds.filters == (("drop-shadow", "0 5px 10px rgba(0,0,0,.4)"), ("hue-rotate", "90deg"))
    assert (ds2.alt, ds2.filters) == ("drop-shadow:5px opacity:", (("blur", "10px"),))
    assert (pct.keywords, pct.width) == (("50%", "w:100"), "100px")
    assert (auto.width, auto.height) == ("auto", "auto")
    assert (vw.alt, vw.filters) == ("width:10vw", (("brightness", "1.2\\3a x"),))


def test_image_columns_mid_line_and_paths(tmp_path):
    deck = parse_deck("# T\n\nText ![w:10](a.svg) and ![bg](https://x.test/b.png)\n",
                      tmp_path / "deck.md")
    first, second = deck.slides[0].images
    assert (first.span.line, first.span.col) == (3, 6)
    assert (second.span.line, second.span.col) == (3, 25)
    assert first.path == tmp_path / "a.svg" and second.path is None


def test_delivered_deck_images():
    deck = load_deck(PARITY / "mlops-guide.md")  # the deck as delivered, frozen
    found = [i for s in deck.slides for i in s.images]
    assert len(found) == 98
    assert all(i.src.startswith("../assets/") and not i.background for i in found)
    # `![w:800 center](…)` everywhere: Marp has no `center` keyword, it stays the alt text
    assert {(i.keywords, i.alt, i.width) for i in found} == {(("w:800",), "center", "800px")}


def test_live_deck_images_resolve_to_the_assets_folder():
    found = [i for s in load_deck(DECK).slides for i in s.images]
    assert found and {i.path.parent for i in found} == {DECK.parent.parent / "assets"}


@pytest.mark.parametrize("source, closed", [
    ("> ```py\n> x\n> ```\n", True),  # closed inside its quote
    ("> ```py\n> x\n\nafter\n", False),  # ended by the end of the quote
    ("- a\n\n  ```\n  x\n  ```\n", True),
    ("```\nx\n```x\n", False),  # a closing fence takes no info string
    ("```\n", False),
])
def test_fence_closed_inside_containers(source, closed):
    deck = parse_deck(source)
    assert deck.slides[0].code_blocks[0].closed is closed
    assert [p.code for p in deck.problems] == ([] if closed else ["unclosed-fence"])


def test_raw_html_image_positions():
    deck = parse_deck('# H <IMG src="a.svg"> and <img src="b.svg" alt="B">\n\n'
                      '<div>\n<img src="c.svg">\n</div>\n')
    assert [(i.src, i.alt, i.span.line, i.span.col) for i in deck.slides[0].html_images] == [
        ("a.svg", "", 1, 5), ("b.svg", "B", 1, 27), ("c.svg", "", 4, 1)]
    assert deck.slides[0].images == ()
