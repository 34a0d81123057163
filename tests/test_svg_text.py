"""Fonts as fontconfig resolves them, cmaps read from the raw table, and text measured with
the real font (the machinery behind DK520–DK523)."""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import ImageFont

from mlops_deck.lint.rules.svg_fonts import coverage, parse_stack, resolve_family
from mlops_deck.lint.rules.svg_measure import chunk_box, chunks
from mlops_deck.lint.rules.svg_style import ctm, font_size, parse_color, contrast

NS = 'xmlns="http://www.w3.org/2000/svg"'


def svg(body: str):
    return etree.fromstring(f'<svg {NS} viewBox="0 0 1000 300">{body}</svg>')


def test_stack_parsing_and_resolution() -> None:
    assert parse_stack("'Noto Sans CJK JP', \"Lato\", sans-serif") == [
        "Noto Sans CJK JP", "Lato", "sans-serif"]
    bold = resolve_family("Noto Sans CJK JP", bold=True)
    assert bold.file.endswith("NotoSansCJK-Bold.ttc") and bold.index == 0
    assert resolve_family("lato").file.endswith("Lato-Regular.ttf")
    assert resolve_family("No Such Family Anywhere") is None
    assert resolve_family("sans-serif") is not None  # generic: fc-match always answers


@pytest.mark.parametrize("family", ["Lato", "DejaVu Sans", "Liberation Sans"])
def test_raw_cmap_equals_fonttools_best_cmap(family: str) -> None:
    face = resolve_family(family)
    expected = set(TTFont(face.file, fontNumber=face.index).getBestCmap())
    cov = coverage(face.file, face.index)
    assert {cp for cp in range(0x30000) if cp in cov} == expected


def test_cjk_coverage() -> None:
    face = resolve_family("Noto Sans CJK JP")
    cov = coverage(face.file, face.index)
    assert all(ord(c) in cov for c in "学習・（）ＭＬＯｐｓ→")
    lato = resolve_family("Lato")
    assert ord("学") not in coverage(lato.file, lato.index)


def test_chunks_split_at_positioned_tspans() -> None:
    root = svg('<text x="10" y="50" font-size="20">first<tspan x="10" dy="30">second'
               '</tspan><tspan font-weight="700"> bold</tspan></text>')
    got = [(c.x, c.y, c.text) for c in chunks(root[0])]
    assert got == [(10, 50, "first"), (10, 80, "second bold")]


def test_measured_width_matches_pillow_and_anchor() -> None:
    face = resolve_family("Noto Sans CJK JP")
    expected = ImageFont.truetype(face.file, 24, index=face.index).getlength("機械学習")
    for anchor, x0 in (("start", 100), ("middle", 100 - expected / 2), ("end", 100 - expected)):
        root = svg(f'<text x="100" y="50" font-family="Noto Sans CJK JP" font-size="24" '
                   f'text-anchor="{anchor}">機械学習</text>')
        box = chunk_box(chunks(root[0])[0])
        assert box[0] == pytest.approx(x0) and box[2] == pytest.approx(x0 + expected)
        assert box[1] < 50 < box[3]  # ink above and (slightly) below the baseline


def test_transforms_and_inherited_sizes() -> None:
    root = svg('<g transform="translate(100 20) scale(2)" font-size="10">'
               '<text x="5" y="5" style="font-size:1.5em">A</text></g>')
    text = root[0][0]
    assert font_size(text) == 15
    assert ctm(text) == (2, 0, 0, 2, 100, 20)


def test_wcag_contrast_of_the_palette() -> None:
    bg = parse_color("#455a64")
    assert contrast(parse_color("#fff8e1"), bg) == pytest.approx(6.82, abs=0.01)
    assert contrast(parse_color("#81d4fa"), bg) == pytest.approx(4.39, abs=0.01)
    assert contrast(parse_color("white"), parse_color("rgb(0, 0, 0)")) == pytest.approx(21)
