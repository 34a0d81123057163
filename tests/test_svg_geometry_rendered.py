"""DK517's estimate confirmed by the rendered overflow measurement (real Chromium, one
session): for a plain slide and one whose CSS the estimate models, a diagram 8 px under the
estimated room fits and one 8 px over it overflows — by both DK517 and Chromium."""
from __future__ import annotations

from pathlib import Path

import pytest

from mlops_deck.gaia_layout import content_height, estimate_height
from mlops_deck.gaia_styles import slide_styles
from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.parse import parse_deck

FRONT = "---\nmarp: true\ntheme: gaia\nclass: invert\n{style}---\n\n"
BODY = ("# MLOpsとは何か？\n\n{scoped}![w:800 center](../assets/{name})\n"
        "- ML（機械学習）× Dev（開発）× Ops（運用）の融合\n"
        "- 再現性・自動化・継続的改善を実現する実践手法\n- SageMaker Pipelinesが全フェーズを担う\n")
VARIANTS = {
    "plain": ("", ""),
    "css": ("style: |\n  section p:has(> img:only-child) {\n    text-align: center;\n"
            "    margin-top: 0.4em;\n  }\n", "<style scoped>li { font-size: 0.8em; }</style>\n\n"),
}
SLACK = 8  # px either side of the estimated room


def diagram(height_px: float) -> str:
    h = height_px / 0.8  # viewBox 1000 wide, shown 800 px wide
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 {h:g}" width="1000" '
            f'height="{h:g}"><title>図</title><rect x="10" y="10" width="980" height="{h - 20:g}"'
            ' fill="none" stroke="#fff8e1" stroke-width="3"/></svg>')


def room(source: str, path: Path) -> float:
    deck = parse_deck(source, path)
    slide = deck.slides[0]
    return content_height() - estimate_height(slide.tokens, lambda s: 0.0,
                                              slide_styles(deck, slide))


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    root = tmp_path_factory.mktemp("fit")
    for folder in (".git", "assets", "deck"):
        (root / folder).mkdir()
    out = {}
    for variant, (style, scoped) in VARIANTS.items():
        text = FRONT.replace("{style}", style) + BODY.replace("{scoped}", scoped)
        available = room(text.replace("{name}", "x.svg"), root / "deck" / "probe.md")
        for label, px in (("fits", available - SLACK), ("too-tall", available + SLACK)):
            name = f"{variant}-{label}"
            (root / "assets" / f"{name}.svg").write_text(diagram(px), encoding="utf-8")
            path = root / "deck" / f"{name}.md"
            path.write_text(text.replace("{name}", f"{name}.svg"), encoding="utf-8")
            out[name] = parse_deck(path.read_text(encoding="utf-8"), path)
    return out


@pytest.fixture(scope="module")
def measured(decks):
    from mlops_deck.render.export import measure_layouts
    return dict(zip(decks, measure_layouts(list(decks.values()))))


@pytest.mark.parametrize("name", [f"{v}-{k}" for v in VARIANTS for k in ("fits", "too-tall")])
def test_estimate_and_chromium_agree(name: str, decks, measured) -> None:
    estimated = [f.message for f in all_rules()["DK517"].func(decks[name], RuleContext())]
    beyond = [o.beyond_content.bottom for o in measured[name].overflows]
    overflowing = any(b > 1 for b in beyond)
    assert bool(estimated) == overflowing == name.endswith("too-tall"), (estimated, beyond)
