"""SVG diagrams carry their own font subsets: in a Chromium that sees only DejaVu (no
Japanese font, no Lato — a typical machine without the deck's fonts), a diagram of the deck
renders exactly as it does with the fonts installed."""
from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from mlops_deck.parse import load_deck
from mlops_deck.render.html import RenderOptions, render_document

from conftest import ROOT

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
DIAGRAM = ROOT / "assets" / "slide-05-ml-lifecycle.svg"
pytestmark = pytest.mark.skipif(not Path(CHROME).exists(), reason="no Chromium at " + CHROME)


def page_with_diagram(tmp: Path, fonts: bool) -> str:
    (tmp / "assets").mkdir(exist_ok=True)
    shutil.copy(DIAGRAM, tmp / "assets" / DIAGRAM.name)
    deck = tmp / "deck.md"
    deck.write_text(f"---\nmarp: true\nclass: invert\n---\n\n![w:1000]({'assets/' + DIAGRAM.name})\n",
                    encoding="utf-8")
    (tmp / "pyproject.toml").write_text("", encoding="utf-8")
    options = RenderOptions(fonts=fonts, project_root=tmp, cache_dir=ROOT / ".mlops-deck-cache")
    html = tmp / f"deck-{fonts}.html"
    html.write_text(render_document(load_deck(deck), options).html, encoding="utf-8")
    return html.as_uri()


def screenshot(url: str, env: dict | None) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, args=ARGS, env=env)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        image = page.locator("section img").first
        page.wait_for_function("() => [...document.images].every(i => i.complete)")
        shot = image.screenshot()
        browser.close()
    return shot


@pytest.fixture(scope="module")
def no_fonts_env(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("nofonts")
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    "<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir>"
                    f"<cachedir>{folder}/cache</cachedir></fontconfig>",
                    encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def differs(a: bytes, b: bytes) -> int:
    from PIL import Image, ImageChops

    one, two = Image.open(io.BytesIO(a)).convert("RGB"), Image.open(io.BytesIO(b)).convert("RGB")
    assert one.size == two.size
    diff = ImageChops.difference(one, two).convert("L").point(lambda v: 255 if v > 128 else 0)
    return diff.histogram()[255]  # pixels that differ (the point() above made them 255)


# Web fonts and system fonts are rasterised with different hinting, so glyph edges differ
# by a shade (hence the 128 level in `differs`); a missing font changes whole words (the
# control below): thousands of pixels, against a few dozen edge pixels when the same font.
SAME = 300  # of 360,000 pixels


def test_diagram_text_needs_no_installed_font(tmp_path, no_fonts_env):
    url = page_with_diagram(tmp_path, fonts=True)
    assert differs(screenshot(url, None), screenshot(url, no_fonts_env)) < SAME


def test_without_the_embedded_subsets_the_diagram_changes(tmp_path, no_fonts_env):
    url = page_with_diagram(tmp_path, fonts=False)  # the control: the check can fail
    assert differs(screenshot(url, None), screenshot(url, no_fonts_env)) > 4 * SAME
