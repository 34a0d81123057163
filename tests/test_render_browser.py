"""The built HTML in real Chromium: slide count, zero network requests, keyboard/hash
navigation, overview, presenter view kept in sync, swipe, print layout, hostile SVG,
embedded fonts. One browser for the whole module."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mlops_deck.build import BuildOptions, build_deck
from mlops_deck.render.html import RenderOptions

ROOT = Path(__file__).resolve().parents[1]
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
pytestmark = pytest.mark.skipif(not Path(CHROME).exists(), reason="no Chromium at " + CHROME)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=CHROME, args=ARGS)
        yield chrome
        chrome.close()


SNAPSHOT = Path(__file__).parent / "fixtures" / "render" / "decks" / "mlops-guide.md"


def build_html(deck: Path, out: Path) -> Path:
    options = BuildOptions(render=RenderOptions(progress=True), lint=False)
    result = build_deck(deck, out, options)
    assert result.exit_code == 0 and result.html_path
    return result.html_path


@pytest.fixture(scope="module")
def deck_html(tmp_path_factory) -> Path:
    """The deck as delivered (a snapshot, so edits to deck/ don't change these tests)."""
    return build_html(SNAPSHOT, tmp_path_factory.mktemp("dist"))


@pytest.fixture()
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 720}, has_touch=True)
    yield ctx
    ctx.close()


def open_deck(context, html: Path, suffix: str = ""):
    page = context.new_page()
    page.goto(html.as_uri() + suffix)
    page.wait_for_selector("body[data-ready]")
    return page


def active(page) -> int:
    return page.evaluate("""() => {
      const all = [...document.querySelectorAll('div.marpit > svg[data-marpit-svg]')];
      const shown = all.filter(s => getComputedStyle(s).display !== 'none');
      return shown.length === 1 ? all.indexOf(shown[0]) + 1 : -shown.length; }""")


def test_shipped_deck_builds_and_shows_125_slides_one_at_a_time(context, tmp_path):
    page = open_deck(context, build_html(ROOT / "deck" / "mlops-guide.md", tmp_path))
    assert page.locator("div.marpit > svg[data-marpit-svg]").count() == 125
    assert page.locator("section[id]").count() == 125
    assert active(page) == 1 and page.evaluate("location.hash") == "#1"


def test_loading_and_paging_through_makes_no_network_request(context, deck_html):
    requests: list[str] = []
    context.route("**/*", lambda route: (requests.append(route.request.url),
                                         route.continue_() if route.request.url.startswith(
                                             "file:") else route.abort()))
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(deck_html.as_uri())
    page.wait_for_selector("body[data-ready]")
    for _ in range(124):
        page.keyboard.press("ArrowRight")
    page.evaluate("document.fonts.ready.then(() => 1)")
    outside = {u for u in requests if not u.startswith("data:") and u != deck_html.as_uri()}
    assert outside == set()
    assert active(page) == 125


def test_keyboard_navigation_and_url_hash(context, deck_html):
    page = open_deck(context, deck_html)
    for key, expected in [("ArrowRight", 2), ("Space", 3), ("PageDown", 4), ("ArrowLeft", 3),
                          ("PageUp", 2), ("End", 125), ("ArrowRight", 125), ("Home", 1),
                          ("ArrowLeft", 1)]:
        page.keyboard.press(key)
        assert active(page) == expected, key
        assert page.evaluate("location.hash") == f"#{expected}"
    page.evaluate("location.hash = '#42'")
    page.wait_for_function("document.body.dataset.index === '42'")
    assert active(page) == 42
    page.keyboard.press("f")
    page.wait_for_function("!!document.fullscreenElement")
    page.keyboard.press("f")
    page.wait_for_function("!document.fullscreenElement")
    page.close()
    assert active(open_deck(context, deck_html, "#27")) == 27  # deep link


def test_progress_bar_follows_the_slide(context, deck_html):
    page = open_deck(context, deck_html, "#63")
    assert page.locator(".deck-progress").is_visible()
    # the bar's width has a 0.2 s transition: wait for it to end (or time out), then compare
    page.wait_for_function("() => document.querySelector('.deck-progress-bar')"
                           ".getAnimations().length === 0", timeout=5000)
    width = page.evaluate("getComputedStyle(document.querySelector('.deck-progress-bar')).width")
    assert abs(float(width.rstrip("px")) - 1280 * 62 / 124) < 2


def test_overview_grid_and_click_to_jump(context, deck_html):
    page = open_deck(context, deck_html)
    page.keyboard.press("o")
    assert page.evaluate("document.body.classList.contains('overview')")
    shown = page.evaluate("""[...document.querySelectorAll('div.marpit > svg')]
        .filter(s => getComputedStyle(s).display !== 'none').length""")
    assert shown == 125
    page.locator("div.marpit > svg[data-marpit-svg]").nth(9).click()
    assert not page.evaluate("document.body.classList.contains('overview')")
    assert active(page) == 10 and page.evaluate("location.hash") == "#10"


def test_swipe_changes_slides(context, deck_html):
    page = open_deck(context, deck_html)
    swipe = """dx => { const t = (x) => new Touch({identifier: 1, target: document.body,
                                                      clientX: x, clientY: 300});
        document.dispatchEvent(new TouchEvent('touchstart', {touches: [t(600)]}));
        document.dispatchEvent(new TouchEvent('touchend', {changedTouches: [t(600 + dx)]})); }"""
    page.evaluate(swipe, -120)
    assert active(page) == 2
    page.evaluate(swipe, 120)
    assert active(page) == 1
    page.evaluate(swipe, -10)  # under the 30 px threshold
    assert active(page) == 1


def test_presenter_view_shows_next_slide_notes_timer_and_stays_in_sync(context, deck_html):
    audience = open_deck(context, deck_html)
    with audience.expect_popup() as popup:
        audience.keyboard.press("p")
    presenter = popup.value
    presenter.wait_for_selector("body[data-ready]")
    assert "view=presenter" in presenter.url
    assert presenter.locator(".deck-presenter-next section[id=\"2\"]").count() == 1
    note = presenter.locator(".deck-presenter-notes .bespoke-marp-note.active")
    assert note.get_attribute("data-index") == "0" and "AWS Certified" in note.inner_text()
    assert re.fullmatch(r"\d+:\d\d", presenter.locator(".deck-presenter-timer").inner_text())
    assert presenter.locator(".deck-presenter-page").inner_text() == "1 / 125"
    assert audience.locator(".bespoke-marp-note").first.is_hidden()  # notes: presenter only

    audience.keyboard.press("ArrowRight")
    presenter.wait_for_function("document.body.dataset.index === '2'")
    assert presenter.locator(".deck-presenter-next section[id=\"3\"]").count() == 1
    presenter.keyboard.press("ArrowRight")
    audience.wait_for_function("document.body.dataset.index === '3'")
    assert presenter.locator(".bespoke-marp-note.active").get_attribute("data-index") == "2"


def test_print_layout_is_one_1280x720_page_per_slide(context, deck_html):
    page = open_deck(context, deck_html)
    page.emulate_media(media="print")
    boxes = page.evaluate("""[...document.querySelectorAll('div.marpit > svg')].map(s => {
        const r = s.getBoundingClientRect(); return [r.width, r.height]; })""")
    assert len(boxes) == 125 and all(b == [1280, 720] for b in boxes)
    assert page.locator(".deck-osc").is_hidden()
    html = deck_html.read_text(encoding="utf-8")
    assert "@page { size: 1280px 720px; margin: 0; }" in html


def test_embedded_fonts_load_from_the_file(context, deck_html):
    page = open_deck(context, deck_html)
    loaded = page.evaluate("""document.fonts.ready.then(() => [...document.fonts]
        .filter(f => f.status === 'loaded').map(f => f.family.replace(/"/g, '') + ' ' + f.weight))""")
    for face in ("Lato 400", "Lato 700", "Noto Sans CJK JP 400", "DejaVu Sans Mono 400"):
        assert face in loaded


HOSTILE_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" '
               'onload="top.__pwned=1"><script>top.__pwned=2;alert(1)</script>'
               '<a href="javascript:top.__pwned=3"><rect width="100" height="50"/></a>'
               '<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" '
               'src="javascript:top.__pwned=4"/></foreignObject></svg>')


def test_no_script_from_a_hostile_svg_runs(context, tmp_path):
    (tmp_path / "evil.svg").write_text(HOSTILE_SVG, encoding="utf-8")
    (tmp_path / "deck.md").write_text(
        "# Hostile\n\n![](evil.svg)\n\n---\n\n![bg](evil.svg)\n\n"
        '<img src="evil.svg" onerror="top.__pwned=5"> <svg onload="top.__pwned=6"></svg>\n',
        encoding="utf-8")
    result = build_deck(tmp_path / "deck.md", tmp_path / "dist",
                        BuildOptions(render=RenderOptions(project_root=tmp_path), lint=False))
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(result.html_path.as_uri())
    page.wait_for_selector("body[data-ready]")
    page.locator("svg.active img").first.click()
    page.keyboard.press("ArrowRight")
    page.locator("svg.active img").first.click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None and dialogs == []
    html = result.html_path.read_text(encoding="utf-8")
    assert not re.search(r"<[^>]*\son(load|error)=", html.split("<script>")[0])
    assert "&lt;svg onload=" in html  # raw SVG markup without --html is shown as text


def test_fitting_header_fills_the_width_and_code_shrinks_to_the_cap(context, deck_html, tmp_path):
    fixtures = Path(__file__).parent / "fixtures" / "render" / "decks"
    page = open_deck(context, build_html(fixtures / "markdown.md", tmp_path))
    fit = page.evaluate("""() => { const h = document.querySelector('h1[data-auto-scaling]');
        const s = h.querySelector('.marp-fit').getBoundingClientRect();
        return [s.width, h.clientWidth, parseFloat(getComputedStyle(h.querySelector('.marp-fit')).zoom)]; }""")
    assert fit[2] > 1.5 and abs(fit[0] - fit[1]) <= 2  # scaled up to the content width
    page = open_deck(context, deck_html, "#27")  # the deck's longest code block
    height = page.evaluate("""document.querySelector('section[id="27"] pre > code')
        .getBoundingClientRect().height""")
    assert 500 <= height <= 545.5  # 580 px - 1 em, as marp-core's auto-scaling caps it


def test_every_glyph_comes_from_an_embedded_font(context, deck_html):
    """Chromium's own record of the fonts it drew with: only our @font-face subsets, so the
    slides look the same on a machine without Lato, Noto Sans CJK JP or DejaVu Sans Mono."""
    page = open_deck(context, deck_html)
    cdp = context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    used: set[tuple[str, bool]] = set()
    for n in (1, 2, 23, 27, 62, 92, 125):
        page.evaluate(f"location.hash = '#{n}'")
        page.wait_for_function(f"document.body.dataset.index === '{n}'")
        page.evaluate("document.fonts.ready.then(() => 1)")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        selector = f'section[id="{n}"] :is(h1, h2, h3, p, li, td, th, code, header, footer)'
        for node in cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]:
            for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                used.add((font["familyName"], font["isCustomFont"]))
    assert {name for name, _ in used} == {"Lato", "Noto Sans CJK JP", "DejaVu Sans Mono"}
    assert all(custom for _, custom in used), used


def test_fragmented_lists_step_one_item_at_a_time(context, tmp_path):
    fixtures = Path(__file__).parent / "fixtures" / "render" / "decks"
    page = open_deck(context, build_html(fixtures / "markdown.md", tmp_path), "#4")
    visible = """() => [...document.querySelectorAll('section[id="5"] [data-marpit-fragment]')]
        .filter(li => getComputedStyle(li).visibility === 'visible').length"""
    page.keyboard.press("ArrowRight")
    assert active(page) == 5 and page.evaluate(visible) == 0
    for shown in (1, 2, 3, 4, 5):
        page.keyboard.press("ArrowRight")
        assert active(page) == 5 and page.evaluate(visible) == shown
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(visible) == 4
    page.emulate_media(media="print")
    assert page.evaluate(visible) == 5  # print and PDF show every item
