"""Screenshots of the shipped deck against marp-cli's reference renders.

The deck is the snapshot the references were rendered from (tests/fixtures/render/decks/,
the deck as delivered), so later edits to deck/ don't move the goalposts.

Not pixel equality: the reference was rendered offline, so its Latin text fell back to
Liberation Sans (we embed Lato, as the theme asks) and its diagrams are placeholder boxes.
Measured facts must agree: background colours of invert and lead slides, the header,
footer and page-number boxes, heading sizes and positions.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from mlops_deck.build import BuildOptions, build_deck
from mlops_deck.render.html import RenderOptions

SNAPSHOT = Path(__file__).parent / "fixtures" / "render" / "decks" / "mlops-guide.md"
REFERENCE = Path(os.environ.get("MLOPS_DECK_REFERENCE", "/work/shared/reference/marp-cli"))
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
SLIDES = (1, 2, 23, 26, 27, 62, 92, 125)
LEAD = (1, 125)
pytestmark = [
    pytest.mark.skipif(not Path(CHROME).exists(), reason="no Chromium at " + CHROME),
    pytest.mark.skipif(not REFERENCE.is_dir(), reason="no reference renders"),
]


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> dict:
    """{slide: (our screenshot, reference image, DOM measurements)} for SLIDES."""
    from playwright.sync_api import sync_playwright

    out = tmp_path_factory.mktemp("visual")
    result = build_deck(SNAPSHOT, out / "dist",
                        BuildOptions(render=RenderOptions(), lint=False))
    found = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(result.html_path.as_uri())
        page.wait_for_selector("body[data-ready]")
        page.add_style_tag(content=".deck-osc { display: none !important; }")
        page.evaluate("document.fonts.ready.then(() => 1)")
        for n in SLIDES:
            page.evaluate(f"location.hash = '#{n}'")
            page.wait_for_function(f"document.body.dataset.index === '{n}'")
            shot = out / f"slide-{n:03d}.png"
            page.screenshot(path=str(shot))
            found[n] = (Image.open(shot).convert("RGB"),
                        Image.open(REFERENCE / f"ref-slide-{n:03d}.png").convert("RGB"),
                        page.evaluate(MEASURE, n))
        browser.close()
    return found


MEASURE = """n => {
  const s = document.getElementById(String(n));
  const box = e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; };
  const cs = e => getComputedStyle(e);
  const after = getComputedStyle(s, '::after');
  const h1 = s.querySelector('h1');
  return {header: box(s.querySelector('header')), footer: box(s.querySelector('footer')),
          headerSize: cs(s.querySelector('header')).fontSize,
          headerColor: cs(s.querySelector('header')).color,
          pageSize: after.fontSize, pageColor: after.color, pageContent: after.content,
          h1: h1 ? box(h1) : null, h1Size: h1 ? cs(h1).fontSize : null}; }"""


def close(a, b, tol=3) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b))


def ink_box(img: Image.Image, region: tuple[int, int, int, int], ref_px: tuple[int, int]):
    """Bounding box of pixels in ``region`` that differ clearly from the background."""
    bg = img.getpixel(ref_px)
    crop = img.crop(region)
    w, h = crop.size
    px = crop.load()
    hits = [(x, y) for y in range(h) for x in range(w)
            if max(abs(a - b) for a, b in zip(px[x, y], bg)) > 60]
    if not hits:
        return None
    xs, ys = [x for x, _ in hits], [y for _, y in hits]
    return (region[0] + min(xs), region[1] + min(ys), region[0] + max(xs), region[1] + max(ys))


@pytest.mark.parametrize("n", SLIDES)
def test_background_colour_matches_reference(shots, n):
    ours, ref, _ = shots[n]
    for point in ((5, 5), (1275, 715), (5, 360)):
        assert close(ours.getpixel(point), ref.getpixel(point)), (n, point)
    expected = (0xFF, 0xF8, 0xE1) if n in LEAD else (0x45, 0x5A, 0x64)
    assert close(ours.getpixel((5, 5)), expected)


@pytest.mark.parametrize("n", SLIDES)
def test_header_footer_and_page_number_boxes(shots, n):
    _, _, dom = shots[n]
    assert dom["header"] == [0, 0, 1280, 70] and dom["footer"] == [0, 650, 1280, 70]
    assert dom["headerSize"] == "23.1px" and dom["pageSize"] == "28px"
    assert dom["pageContent"] == f'"{n}"'  # drawn from data-marpit-pagination
    lead = n in LEAD
    assert dom["headerColor"] == ("rgb(106, 122, 125)" if lead else "rgb(218, 216, 200)")
    assert dom["pageColor"] == ("rgb(69, 90, 100)" if lead else "rgb(255, 248, 225)")


def assert_same_place(ours, ref, region, anchor, edge: int) -> None:
    """Ink in ``region`` starts (edge 0) or ends (edge 2) at the same x, same rows."""
    a, b = ink_box(ours, region, anchor), ink_box(ref, region, anchor)
    assert a and b, region
    assert abs(a[edge] - b[edge]) <= 3, ("x", a, b)
    assert abs((a[1] + a[3]) - (b[1] + b[3])) <= 6, ("vertical centre", a, b)


@pytest.mark.parametrize("n", SLIDES)
def test_header_ink_sits_where_marp_draws_it(shots, n):
    ours, ref, _ = shots[n]
    assert_same_place(ours, ref, (0, 0, 640, 70), (5, 5), edge=0)


# Slides whose content does not run into the bottom band (2, 23, 27, 92 overflow there in
# both renders, so the band holds slide content as well as footer and page number).
@pytest.mark.parametrize("n", (1, 26, 62, 125))
def test_page_number_ink_sits_where_marp_draws_it(shots, n):
    ours, ref, _ = shots[n]
    assert_same_place(ours, ref, (1100, 650, 1280, 720), (1275, 715), edge=2)


@pytest.mark.parametrize("n", (1, 62, 125))
def test_footer_ink_sits_where_marp_draws_it(shots, n):
    ours, ref, _ = shots[n]
    assert_same_place(ours, ref, (0, 650, 640, 720), (5, 715), edge=0)


@pytest.mark.parametrize("n", SLIDES)
def test_h1_size_and_position(shots, n):
    ours, ref, dom = shots[n]
    assert dom["h1Size"] == ("56px" if n in LEAD else "63px")  # deck style: lead h1 1.6em
    x, y, _, height = dom["h1"]
    if n not in LEAD:
        assert (x, y) == (70, 70)
    a = ink_box(ours, (60, int(y), 1220, int(y + height)), (5, 360))
    b = ink_box(ref, (60, int(y) - 10, 1220, int(y + height) + 10), (5, 360))
    assert abs(a[1] - b[1]) <= 8 and abs(a[3] - b[3]) <= 8, (n, a, b)  # same text rows
    if n not in LEAD:
        assert abs(a[0] - b[0]) <= 4, (n, a, b)  # starts at the content box edge
