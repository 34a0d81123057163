"""`mlops-deck assets sheet`: every diagram drawn by CairoSVG on its slide colour, labelled."""
from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from mlops_deck.cli import main
from mlops_deck.parse import load_deck
from mlops_deck.render.contact_sheet import DARK_BG, LIGHT_BG, build_contact_sheet, diagram_cells

from conftest import FIXTURES

SVG = FIXTURES / "svg"


def make_deck(tmp_path: Path, *, broken: bool) -> Path:
    assets = tmp_path / "assets"
    assets.mkdir(parents=True)
    shutil.copy(SVG / "good" / "diagram.svg", assets / "slide-01-flow.svg")
    shutil.copy(SVG / "bad" / "no-title.svg", assets / "slide-02-outline.svg")
    body = ("---\nmarp: true\nclass: invert\n---\n\n# One\n\n![w:800](../assets/slide-01-flow.svg)"
            "\n\n---\n\n<!-- _class: lead -->\n\n# Two\n\n![w:800](../assets/slide-02-outline.svg)"
            "\n\n---\n\n# Three\n\n![w:800](../assets/slide-03-missing.svg)\n")
    if broken:
        shutil.copy(SVG / "bad" / "zero-size.svg", assets / "slide-04-zero.svg")
        body += "\n---\n\n# Four\n\n![w:800](../assets/slide-04-zero.svg)\n"
    deck = tmp_path / "deck" / "d.md"
    deck.parent.mkdir()
    deck.write_text(body, encoding="utf-8")
    return deck


def test_sheet_draws_each_diagram_on_its_slide_colour(tmp_path: Path) -> None:
    deck = load_deck(make_deck(tmp_path, broken=True))
    shutil.copy(SVG / "good" / "diagram.svg", tmp_path / "assets" / "old.svg")
    cells = diagram_cells(deck, tmp_path / "assets")
    assert [(c.slide, c.background) for c in cells] == [
        (1, DARK_BG), (2, LIGHT_BG), (3, DARK_BG), (4, DARK_BG), (0, DARK_BG)]
    assert cells[-1].label == "unused · old.svg"
    out = tmp_path / "out" / "sheet.png"
    result = build_contact_sheet(deck, out, columns=2, cell_width=200, assets=tmp_path / "assets")
    assert result.drawn == 3
    assert result.missing == ["slide 3 slide-03-missing.svg"]
    assert len(result.failures) == 1 and "slide 4 slide-04-zero.svg" in result.failures[0]
    sheet = Image.open(out).convert("RGB")
    assert sheet.width == 2 * 200 + 3 * 16
    # first cell (slide 1, invert): its top-left pixel is the slide colour, and the drawing
    # puts light (amber/cream) shapes in it
    first = sheet.crop((16, 46, 216, 106))
    assert first.getpixel((0, 0)) == DARK_BG
    assert max(sum(c) for _, c in first.getcolors(maxcolors=100000)) > 500  # amber box drawn
    assert sheet.crop((232, 46, 432, 106)).getpixel((0, 0)) == LIGHT_BG  # slide 2 is light
    assert not list(out.parent.glob(".*"))  # no temp file left behind


def test_cli_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["assets", "sheet", str(make_deck(tmp_path / "a", broken=False)),
                              "-o", str(tmp_path / "a.png")])
    assert ok.exit_code == 0, ok.output
    assert "2 diagrams, 1 missing" in ok.output
    bad = runner.invoke(main, ["assets", "sheet", str(make_deck(tmp_path / "b", broken=True)),
                               "-o", str(tmp_path / "b.png")])
    assert bad.exit_code == 1
    assert "could not be drawn" in bad.output and (tmp_path / "b.png").is_file()
    missing = runner.invoke(main, ["assets", "sheet", str(tmp_path / "nope.md")])
    assert missing.exit_code == 2 and "no such file" in missing.output
