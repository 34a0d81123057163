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

from conftest import DECK, ROOT
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


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    try:
        find_browser()
    except BrowserError as exc:  # pragma: no cover
        pytest.skip(str(exc))
    deck = load_deck(DECK)
    tmp = tmp_path_factory.mktemp("overflow-deck")
    built, lines = tmp / "deck.html", tmp / "deck.lines.html"
    built.write_text(render_document(deck, RenderOptions()).html, encoding="utf-8")
    lines.write_text(render_document(deck, RenderOptions(source_lines=True)).html,
                     encoding="utf-8")
    width, height = deck.size

    async def job(chrome: Chromium):
        layout = await measure_page(await chrome.open_html(lines, width, height), chrome)
        page = await chrome.open_html(built, width, height)
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
            hidden[i + 1] = hidden_pixels(image, width, height)
        return layout, hidden
    layout, hidden = run_in_browser(job, timeout=120)
    return deck, layout_diagnostics(deck, layout, ROOT), hidden


def cut_off_slides(diagnostics) -> dict[int, int]:
    """Slide -> most pixels reported as cut off."""
    found: dict[int, int] = {}
    for d in diagnostics:
        match = re.search(r"; (\d+) px cut off\)$", d.message)
        if match:
            found[d.slide] = max(found.get(d.slide, 0), int(match.group(1)))
    return found


def test_every_slide_reported_as_cut_off_hides_content(shipped):
    _, diagnostics, hidden = shipped
    reported = cut_off_slides(diagnostics)
    assert reported, "the shipped deck has slides that do not fit"
    # below ~8 px the hidden strip is under 2 px at SCALE: too thin to count on
    quiet = sorted((s, px) for s, px in reported.items() if px >= 8 and hidden[s] == 0)
    assert quiet == [], f"reported as cut off, but nothing hidden: {quiet}"


def test_every_slide_that_hides_content_is_reported(shipped):
    _, diagnostics, hidden = shipped
    reported = cut_off_slides(diagnostics)
    missed = sorted(s for s, count in hidden.items() if count and s not in reported)
    assert missed == [], f"content hidden by the slide edge but not reported: {missed}"


def test_each_finding_points_into_its_slide(shipped):
    deck, diagnostics, _ = shipped
    for d in diagnostics:
        slide = deck.slides[d.slide - 1]
        assert slide.span.line <= d.span.line <= (slide.span.end_line or d.span.line), d
