"""DK517's estimate confirmed by the rendered overflow measurement (real Chromium, one
session): diagrams just under and just over the room the estimate gives a slide."""
from __future__ import annotations

from pathlib import Path

import pytest

from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.parse import parse_deck

SLIDE = ("---\nmarp: true\ntheme: gaia\nclass: invert\n---\n\n# MLOpsとは何か？\n\n"
         "![w:800 center](../assets/{name})\n- ML（機械学習）× Dev（開発）× Ops（運用）の融合\n"
         "- 再現性・自動化・継続的改善を実現する実践手法\n")
# Shown heights at w:800: the estimate gives this slide ~307 px of room.
HEIGHTS = {"fits": 296, "too-tall": 318, "far-too-tall": 400}


def diagram(height_px: float) -> str:
    h = height_px / 0.8  # viewBox 1000 wide, shown 800 px wide
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 {h:g}" width="1000" '
            f'height="{h:g}"><title>図</title><rect x="10" y="10" width="980" height="{h - 20:g}"'
            ' fill="none" stroke="#fff8e1" stroke-width="3"/></svg>')


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    root = tmp_path_factory.mktemp("fit")
    (root / ".git").mkdir()
    (root / "assets").mkdir()
    (root / "deck").mkdir()
    out = {}
    for label, px in HEIGHTS.items():
        (root / "assets" / f"{label}.svg").write_text(diagram(px), encoding="utf-8")
        path = root / "deck" / f"{label}.md"
        path.write_text(SLIDE.format(name=f"{label}.svg"), encoding="utf-8")
        out[label] = parse_deck(path.read_text(encoding="utf-8"), path)
    return out


@pytest.fixture(scope="module")
def measured(decks):
    from mlops_deck.render.export import measure_layouts
    layouts = measure_layouts(list(decks.values()))
    return dict(zip(decks, layouts))


@pytest.mark.parametrize("label", HEIGHTS)
def test_estimate_and_chromium_agree(label: str, decks, measured) -> None:
    estimated = [f.message for f in all_rules()["DK517"].func(decks[label], RuleContext())]
    beyond = [o.beyond_content.bottom for o in measured[label].overflows]
    overflowing = any(b > 1 for b in beyond)
    assert bool(estimated) == overflowing == (label != "fits"), (estimated, beyond)
