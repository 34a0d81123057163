"""PDF, handout, PNG and notes exports with the real browser.

The shipped deck is built once for the module (PDF with notes annotations, handout, notes,
overflow measurements); the small overflow fixture deck goes through the CLI (`--all`,
`--scale 2`, `--strict`) to check file names, sizes, metadata and exit codes."""
from __future__ import annotations

import re
import unicodedata

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import DECK, FIXTURES
from mlops_deck.build import BuildOptions, build_deck
from mlops_deck.cli import main
from mlops_deck.exports import export_request, export_step
from mlops_deck.parse import load_deck
from mlops_deck.render.browser import BrowserError, find_browser
from mlops_deck.render.notes import slide_notes

FIXTURE_DECK = FIXTURES / "overflow" / "deck.md"


def _needs_browser() -> None:
    try:
        find_browser()
    except BrowserError as exc:  # pragma: no cover
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    _needs_browser()
    out = tmp_path_factory.mktemp("dist")
    request = export_request(pdf_notes=True, handout=True, notes=True, measure=True)
    result = build_deck(DECK, out, BuildOptions(lint=False, steps=(("export",
                                                                    export_step(request)),)))
    assert result.exit_code == 0, result.messages
    return load_deck(DECK), out, result


def _flat(text: str) -> str:
    """Extracted PDF text, compared without the spaces and compatibility forms (⽤ → 用)
    that text extraction puts between CJK glyph runs."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_pdf_has_one_960x540_pt_page_per_slide(shipped):
    deck, out, _ = shipped
    reader = PdfReader(out / "mlops-guide.pdf")
    assert len(reader.pages) == len(deck.slides)
    assert {(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages} == \
        {(960.0, 540.0)}


def test_pdf_text_is_selectable_japanese(shipped):
    deck, out, _ = shipped
    reader = PdfReader(out / "mlops-guide.pdf")
    for index in (2, 27, len(deck.slides)):
        text = _flat(reader.pages[index - 1].extract_text())
        assert _flat(deck.slides[index - 1].title) in text, index


def test_pdf_fonts_are_embedded(shipped):
    _, out, _ = shipped
    reader = PdfReader(out / "mlops-guide.pdf")
    fonts = {}
    for page in reader.pages[:30]:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            fonts[font.get("/BaseFont", font.get("/Name", id(font)))] = font
    assert fonts
    for name, font in fonts.items():
        if font["/Subtype"] == "/Type3":
            continue  # glyphs drawn as PDF procedures: embedded by construction
        descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font
                      else font)["/FontDescriptor"]
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_pdf_outline_is_the_slide_titles(shipped):
    deck, out, _ = shipped
    reader = PdfReader(out / "mlops-guide.pdf")
    assert [item.title for item in reader.outline] == [s.title for s in deck.slides]
    assert [reader.get_destination_page_number(item) for item in reader.outline] == \
        list(range(len(deck.slides)))


def test_pdf_title_falls_back_to_the_first_heading(shipped):
    deck, out, _ = shipped
    assert "title" not in deck.global_settings
    first_heading = next(h.text for s in deck.slides for h in s.headings)
    assert PdfReader(out / "mlops-guide.pdf").metadata.title == first_heading


def test_pdf_notes_are_text_annotations(shipped):
    deck, out, _ = shipped
    reader = PdfReader(out / "mlops-guide.pdf")
    found = {}
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot["/Subtype"] == "/Text":
                found[number] = annot["/Contents"]
    expected = {s.index: slide_notes(s) for s in deck.slides if s.notes}
    assert len(expected) > 100  # nearly every slide of the deck has notes
    assert found == expected


def test_handout_has_an_a4_page_per_slide_with_its_notes(shipped):
    deck, out, _ = shipped
    reader = PdfReader(out / "mlops-guide.handout.pdf")
    assert len(reader.pages) == len(deck.slides)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in pt
    text = _flat(reader.pages[2].extract_text())
    assert _flat(deck.slides[2].title) in text
    assert _flat(slide_notes(deck.slides[2])) in text


def test_notes_file_is_written(shipped):
    deck, out, _ = shipped
    text = (out / "mlops-guide.notes.md").read_text(encoding="utf-8")
    assert text.startswith(f"## 1. {deck.slides[0].title}\n\n")
    assert text.count("\n\n---\n\n") == len(deck.slides) - 1


def test_overflow_findings_point_into_their_slides_and_the_measuring_html_stays_private(
        shipped):
    deck, out, result = shipped
    for d in result.diagnostics:
        if d.rule_id.startswith("DK6"):
            slide = deck.slides[d.slide - 1]
            assert slide.span.line <= d.span.line <= slide.span.end_line, d
    assert not list(out.glob(".*lines.html")), "the measuring HTML must not be published"


def test_cli_all_with_scale_2_and_metadata(tmp_path):
    _needs_browser()
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", str(FIXTURE_DECK), "-o", str(out), "--all",
                                       "--scale", "2", "--no-lint"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (out / "png").iterdir())
    assert names == [f"{i:03d}.png" for i in range(1, 7)]
    from PIL import Image
    assert {Image.open(out / "png" / n).size for n in names} == {(2560, 1440)}
    # slide 4's tall #81d4fa image spans x 70-470, y 190-720: each file holds its own slide
    probe = (300 * 2, 400 * 2)
    assert Image.open(out / "png" / "004.png").convert("RGB").getpixel(probe) == (129, 212, 250)
    assert Image.open(out / "png" / "003.png").convert("RGB").getpixel(probe) != (129, 212, 250)
    info = PdfReader(out / "deck.pdf").metadata
    assert (info.title, info.author, info.subject, info["/Keywords"]) == (
        "Overflow fixtures", "mlops-deck tests", "Slides that do and do not fit",
        "overflow, fixtures")
    assert (out / "deck.notes.md").exists() and (out / "deck.html").exists()


def test_cli_strict_fails_on_overflow_and_writes_nothing(tmp_path):
    _needs_browser()
    out = tmp_path / "dist"
    result = CliRunner().invoke(main, ["build", str(FIXTURE_DECK), "-o", str(out), "--pdf",
                                       "--strict"])
    assert result.exit_code == 1
    assert re.search(r"deck\.md:31:1: DK601 code block overflows the slide by \d+ px "
                     r"\(slide 2; \d+ px cut off\)", result.output)
    assert not out.exists()


def test_cli_without_a_browser_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("CHROME_PATH", str(tmp_path / "no-chrome"))
    result = CliRunner().invoke(main, ["build", str(FIXTURE_DECK), "-o", str(tmp_path / "d"),
                                       "--pdf", "--no-lint"])
    assert result.exit_code == 2
    assert "apt-get install chromium" in result.output
    assert "Traceback" not in result.output


def test_png_equals_the_browsers_own_element_screenshot(tmp_path):
    """Our fast capture (scroll + viewport) gives exactly the pixels of Playwright's
    element screenshot of the same slide."""
    import io

    from PIL import Image, ImageChops

    from mlops_deck.render.browser import run_in_browser
    from mlops_deck.render.html import RenderOptions, render_document
    from mlops_deck.render.png import SLIDE_SELECTOR, export_pngs
    _needs_browser()
    deck = load_deck(FIXTURE_DECK)
    html = tmp_path / "deck.html"
    html.write_text(render_document(deck, RenderOptions()).html, encoding="utf-8")

    async def job(chrome):
        written = await export_pngs(chrome, html, tmp_path / "png", deck.size, only={1, 4, 6})
        page = await chrome.open_html(html, *deck.size)
        await page.emulate_media(media="print")
        refs = {n: await page.locator(SLIDE_SELECTOR).nth(n - 1).screenshot() for n in (1, 4, 6)}
        return written, refs
    written, refs = run_in_browser(job, timeout=60)
    assert [p.name for p in written] == ["001.png", "004.png", "006.png"]
    for n, ref in refs.items():
        ours = Image.open(tmp_path / "png" / f"{n:03d}.png").convert("RGB")
        assert ImageChops.difference(ours, Image.open(io.BytesIO(ref)).convert("RGB")).getbbox() \
            is None, n
