"""The shipped deck: the slides DK601/DK602 report as cut off are exactly the slides with
content hidden by the slide's edge, checked with pixels rather than with element boxes.

Independent oracle: the same built HTML is drawn once more with ``overflow: visible`` on
the slides and empty magenta space below and beside each one; whatever the slide's edge hides
then shows up as non-magenta pixels in that space (magenta: a colour no slide uses). One browser session for the module."""
from __future__ import annotations

import base64
import io
import re

import pytest
from PIL import Image

from conftest import DECK, FIXTURES, ROOT
from mlops_deck.exports import layout_diagnostics
from mlops_deck.parse import load_deck
from mlops_deck.render.browser import BrowserError, Chromium, find_browser, run_in_browser
from mlops_deck.render.html import RenderOptions, render_document
from mlops_deck.render.overflow import measure_page

SCALE = 0.25  # enough to see any glyph or box; keeps the 125 captures cheap
BELOW, BESIDE = 700, 400  # px of white space under / right of each slide
REVEAL_CSS = f"""
svg[data-marpit-svg] {{ overflow: visible !important; margin-bottom: {BELOW + 200}px !important; }}
svg[data-marpit-svg] > foreignObject,
svg[data-marpit-svg] > foreignObject > section {{ overflow: visible !important; }}
html, body {{ background: #f0f !important; }}
"""
BOX_JS = """([i, below, beside]) => {
  const r = document.querySelectorAll('svg[data-marpit-svg]')[i].getBoundingClientRect();
  return {x: r.left + scrollX, y: r.top + scrollY, width: r.width + beside,
          height: r.height + below};
}"""


def hidden_pixels(image: Image.Image, width: int, height: int) -> int:
    """Non-magenta pixels outside the slide's own rectangle (below it or beside it)."""
    rgb = image.convert("RGB")
    w, h = round(width * SCALE), round(height * SCALE)
    count = 0
    for part in (rgb.crop((0, h + 1, rgb.width, rgb.height)), rgb.crop((w + 1, 0, rgb.width, h))):
        r, g, b = part.split()
        # magenta is (255, 0, 255): anything else drawn there is hidden slide content
        off = Image.eval(g, lambda v: 255 if v > 40 else 0)
        off_r = Image.eval(r, lambda v: 255 if v < 215 else 0)
        count += off.histogram()[255] + off_r.histogram()[255]
    return count


DECKS = {"shipped": DECK, "fixture": FIXTURES / "overflow" / "deck.md"}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """deck name -> (deck, DK6xx diagnostics, hidden pixels per slide), one browser."""
    try:
        find_browser()
    except BrowserError as exc:  # pragma: no cover
        pytest.skip(str(exc))
    tmp = tmp_path_factory.mktemp("overflow-deck")
    decks, files = {}, {}
    for name, path in DECKS.items():
        deck = decks[name] = load_deck(path)
        files[name] = (tmp / f"{name}.html", tmp / f"{name}.lines.html")
        for target, lines in zip(files[name], (False, True)):
            target.write_text(render_document(deck, RenderOptions(source_lines=lines)).html,
                              encoding="utf-8")

    async def job(chrome: Chromium):
        return {name: await _measure_and_reveal(chrome, decks[name], *files[name])
                for name in DECKS}
    found = run_in_browser(job, timeout=120)
    return {name: (decks[name], layout_diagnostics(decks[name], found[name][0], ROOT),
                   found[name][1]) for name in DECKS}


async def _measure_and_reveal(chrome: Chromium, deck, built, lines):
    width, height = deck.size
    layout = await measure_page(await chrome.open_html(lines, width, height), chrome)
    page = await chrome.open_html(built, width + BESIDE, height)  # room to the right
    await chrome.call(page.emulate_media(media="print"), "print layout")
    await chrome.call(page.add_style_tag(content=REVEAL_CSS), "revealing overflow")
    cdp = await chrome.call(page.context.new_cdp_session(page), "cdp")
    hidden = {}
    for i in range(len(deck.slides)):
        box = await chrome.call(page.evaluate(BOX_JS, [i, BELOW, BESIDE]), "slide box")
        shot = await chrome.call(cdp.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True, "optimizeForSpeed": True,
            "clip": {**box, "scale": SCALE}}), "capture")
        image = Image.open(io.BytesIO(base64.b64decode(shot["data"])))
        hidden[i + 1] = hidden_pixels(image, box["width"] - BESIDE, box["height"] - BELOW)
    return layout, hidden


def cut_off_slides(diagnostics) -> dict[int, int]:
    """Slide -> most pixels reported as cut off."""
    found: dict[int, int] = {}
    for d in diagnostics:
        match = re.search(r"; (\d+) px cut off\)$", d.message)
        if match:
            found[d.slide] = max(found.get(d.slide, 0), int(match.group(1)))
    return found


@pytest.mark.parametrize("name", DECKS)
def test_every_slide_reported_as_cut_off_hides_content(checked, name):
    _, diagnostics, hidden = checked[name]
    reported = cut_off_slides(diagnostics)
    # below ~8 px the hidden strip is under 2 px at SCALE: too thin to count on
    quiet = sorted((s, px) for s, px in reported.items() if px >= 8 and hidden[s] == 0)
    assert quiet == [], f"reported as cut off, but nothing hidden: {quiet}"


@pytest.mark.parametrize("name", DECKS)
def test_every_slide_that_hides_content_is_reported(checked, name):
    _, diagnostics, hidden = checked[name]
    reported = cut_off_slides(diagnostics)
    missed = sorted(s for s, count in hidden.items() if count and s not in reported)
    assert missed == [], f"content hidden by the slide edge but not reported: {missed}"


def test_the_oracle_sees_the_fixture_deck_cut_offs(checked):
    _, diagnostics, hidden = checked["fixture"]
    assert {s for s, count in hidden.items() if count} >= {2, 4, 5}  # code, image, table
    assert set(cut_off_slides(diagnostics)) >= {2, 4, 5}


@pytest.mark.parametrize("name", DECKS)
def test_each_finding_points_into_its_slide(checked, name):
    deck, diagnostics, _ = checked[name]
    for d in diagnostics:
        slide = deck.slides[d.slide - 1]
        assert slide.span.line <= d.span.line <= (slide.span.end_line or d.span.line), d
