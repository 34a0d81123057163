"""The diagrams of slides 3-40 (issue 9): present, safe, titled, on-palette, legible, labels
inside their boxes, and following assets/STYLE.md. Fonts are measured with the real font files."""
from __future__ import annotations

import io
import re
import subprocess
from functools import lru_cache
from pathlib import Path

import cairosvg
import pytest
from fontTools.ttLib import TTCollection
from PIL import Image, ImageFont

from mlops_deck.parse import load_deck
from mlops_deck.svgsafe import local_name, parse_svg

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "deck" / "mlops-guide.md"
SLIDE_BG = "#455a64"  # gaia invert background: the diagrams are transparent over it
PALETTE = {"#fff8e1", "#81d4fa", "#dad8c8", "#ffd54f", "#ffcdd2", "#455a64"}
FAMILY = "'Noto Sans CJK JP', 'Lato', sans-serif"
MIN_DISPLAY_PX = 16.0
SVG = "{http://www.w3.org/2000/svg}"


def _part1_images():
    deck = load_deck(DECK)
    refs = []
    for slide in deck.slides:
        if 3 <= slide.index <= 40:
            refs += [(slide.index, image) for image in slide.images]
    return refs


IMAGES = _part1_images()
IDS = [f"{n:02d}-{Path(img.src).name}" for n, img in IMAGES]


@lru_cache(maxsize=None)
def _root(path: Path):
    parsed = parse_svg(path.read_bytes())
    assert parsed.root is not None, f"{path.name}: {parsed.error}"
    return parsed


def _number(value: str | None) -> float:
    return float(re.match(r"[-+]?[\d.]+", value or "0").group(0))


def _view_box(root) -> tuple[float, float, float, float]:
    return tuple(float(v) for v in root.get("viewBox").replace(",", " ").split())


def _display_scale(image, root) -> float:
    """Pixels on the slide per viewBox unit, from the markdown's w:/h: keyword."""
    _, _, vw, vh = _view_box(root)
    if image.width:
        return _number(image.width) / vw
    if image.height:
        return _number(image.height) / vh
    return 1.0


@lru_cache(maxsize=None)
def _font_file(bold: bool) -> tuple[str, int]:
    """The installed Noto Sans CJK JP face fontconfig picks, as (file, index in a .ttc)."""
    pattern = "Noto Sans CJK JP:bold" if bold else "Noto Sans CJK JP"
    found = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{family}", pattern],
                           capture_output=True, text=True, check=True).stdout
    file, index, family = found.split("|", 2)
    assert "Noto Sans CJK JP" in family, f"fonts-noto-cjk is not installed ({family})"
    return file, int(index or 0)


@lru_cache(maxsize=None)
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    file, index = _font_file(bold)
    return ImageFont.truetype(file, int(round(size)), index=index)


@lru_cache(maxsize=None)
def _cmap(bold: bool) -> frozenset[int]:
    file, index = _font_file(bold)
    return frozenset(TTCollection(file, lazy=True).fonts[index].getBestCmap())


def _texts(root):
    return [el for el in root.iter(f"{SVG}text")]


def _text_box(el) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 of a <text> measured with its font (ascent/descent of the CJK face)."""
    size = _number(el.get("font-size"))
    bold = el.get("font-weight") in ("700", "bold")
    width = _font(size, bold).getlength(el.text or "")
    x, y = _number(el.get("x")), _number(el.get("y"))
    anchor = el.get("text-anchor", "start")
    x0 = x - width / 2 if anchor == "middle" else (x - width if anchor == "end" else x)
    return x0, y - 0.88 * size, x0 + width, y + 0.12 * size


def _rects(root):
    out = []
    for el in root.iter(f"{SVG}rect"):
        x, y = _number(el.get("x")), _number(el.get("y"))
        out.append((x, y, x + _number(el.get("width")), y + _number(el.get("height")), el))
    return out


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_slide_3_to_40_image_is_one_of_31_diagrams_in_assets():
    assert len(IMAGES) == 31
    for number, image in IMAGES:
        assert image.src.startswith("../assets/slide-"), image.src
        assert Path(image.src).name.startswith(f"slide-{number:02d}-")
        assert image.path is not None and image.path.is_file(), image.src
        assert image.path.parent == ROOT / "assets"


@pytest.mark.parametrize(("number", "image"), IMAGES, ids=IDS)
def test_diagram_is_safe_titled_and_sized(number, image):
    parsed = _root(image.path)
    root = parsed.root
    assert parsed.hazards == [], parsed.hazards
    assert local_name(root) == "svg" and root.get("role") == "img"
    x, y, vw, vh = _view_box(root)
    assert (x, y) == (0, 0) and vw in (800, 1000)
    assert (_number(root.get("width")), _number(root.get("height"))) == (vw, vh)
    assert vw / vh >= 2.5, "STYLE.md: aspect ratio at least 2.5:1"
    title = root.find(f"{SVG}title")
    assert title is not None and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", title.text or "")
    names = {local_name(el) for el in root.iter() if isinstance(el.tag, str)}
    assert not names & {"image", "script", "foreignObject", "style", "use", "a"}
    assert len(list(root.iter())) < 80, "a few dozen hand-written elements"
    for el in root.iter():
        if isinstance(el.tag, str):
            assert "style" not in el.attrib, "presentation attributes only (STYLE.md)"
            assert not any("}" in attr for attr in el.attrib), "no foreign namespaces (editor metadata)"
            if el.get("id"):
                assert el.get("id").startswith(f"s{number:02d}-"), el.get("id")


@pytest.mark.parametrize(("number", "image"), IMAGES, ids=IDS)
def test_diagram_uses_only_palette_colours(number, image):
    root = _root(image.path).root
    for el in root.iter():
        for attr in ("fill", "stroke", "stop-color", "color"):
            value = el.get(attr) if isinstance(el.tag, str) else None
            if value is None or value == "none" or value.startswith("url(#s"):
                continue
            assert value.lower() in PALETTE, f"{image.path.name}: {attr}={value}"


@pytest.mark.parametrize(("number", "image"), IMAGES, ids=IDS)
def test_text_is_legible_in_the_deck_font_with_no_tofu(number, image):
    root = _root(image.path).root
    scale = _display_scale(image, root)
    texts = _texts(root)
    assert texts, "a diagram has labels"
    for el in texts:
        assert el.get("font-family") == FAMILY
        assert _number(el.get("font-size")) * scale >= MIN_DISPLAY_PX, (el.text, scale)
        assert len(el) == 0, "plain text, no tspans"
        bold = el.get("font-weight") in ("700", "bold")
        missing = {ch for ch in el.text if ord(ch) not in _cmap(bold)}
        assert not missing, f"{image.path.name}: no glyph for {missing}"


@pytest.mark.parametrize(("number", "image"), IMAGES, ids=IDS)
def test_labels_stay_inside_the_viewbox_and_their_box_with_aa_contrast(number, image):
    root = _root(image.path).root
    _, _, vw, vh = _view_box(root)
    rects = _rects(root)
    for el in _texts(root):
        x0, y0, x1, y1 = _text_box(el)
        assert x0 >= 0 and y0 >= 0 and x1 <= vw and y1 <= vh, el.text
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        holders = [r for r in rects if r[0] <= cx <= r[2] and r[1] <= cy <= r[3]]
        behind = SLIDE_BG
        if holders:  # the innermost box the label sits in must hold all of it
            rx0, ry0, rx1, ry1, rect = min(holders, key=lambda r: (r[2] - r[0]) * (r[3] - r[1]))
            assert rx0 <= x0 and x1 <= rx1 and ry0 <= y0 and y1 <= ry1, (
                f"{image.path.name}: {el.text!r} spills out of its box")
            filled = [r for r in holders if r[4].get("fill") not in (None, "none")]
            if filled:  # text over a filled box is read against that fill
                behind = min(filled, key=lambda r: (r[2] - r[0]) * (r[3] - r[1]))[4].get("fill")
        ratio = _contrast(el.get("fill"), behind)
        assert ratio >= 4.5, f"{image.path.name}: {el.text!r} {el.get('fill')} on {behind}: {ratio:.2f}"


@pytest.mark.parametrize(("number", "image"), IMAGES, ids=IDS)
def test_diagram_renders_with_cairosvg_and_is_not_blank(number, image):
    png = cairosvg.svg2png(bytestring=image.path.read_bytes(), output_width=400)
    picture = Image.open(io.BytesIO(png)).convert("RGBA")
    alpha = picture.getchannel("A")
    lo, hi = alpha.getextrema()
    assert hi == 255 and lo == 0, "transparent background with something drawn on it"
    drawn = 1 - alpha.histogram()[0] / (picture.width * picture.height)
    assert 0.02 < drawn < 0.9, f"{drawn:.2%} of the canvas drawn"
