"""A contact sheet: every SVG diagram a deck shows, drawn by CairoSVG on its slide's
background colour and labelled by slide, in one PNG for review.

Each diagram is sanitised first (:func:`mlops_deck.svgsafe.sanitize_svg`), exactly as the HTML
build embeds it, so nothing is fetched or run. A diagram CairoSVG cannot draw gets a red cell
with the error instead of stopping the sheet; a missing file gets a grey one.
"""
from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Deck, ImageRef, Slide
from ..svgsafe import sanitize_svg

DARK_BG = (0x45, 0x5A, 0x64)  # gaia `invert`
LIGHT_BG = (0xFF, 0xF8, 0xE1)  # gaia light scheme
SHEET_BG = (0x26, 0x32, 0x38)
LABEL = (0xFF, 0xFF, 0xFF)
ERROR = (0xC6, 0x28, 0x28)
MISSING = (0x60, 0x60, 0x60)
GAP = 16
LABEL_H = 30


@dataclass(frozen=True)
class Cell:
    slide: int  # 0: a file in the assets folder that no slide shows
    path: Path
    background: tuple[int, int, int]

    @property
    def label(self) -> str:
        return f"{'unused' if self.slide == 0 else f'slide {self.slide}'} · {self.path.name}"


@dataclass
class SheetResult:
    path: Path
    drawn: int = 0
    failures: list[str] = field(default_factory=list)  # "slide N name: error"
    missing: list[str] = field(default_factory=list)  # "slide N name" (lint's DK501 reports it)


def diagram_cells(deck: Deck, assets: Path | None = None) -> list[Cell]:
    """Every local SVG a slide shows, in slide order (a file shown twice appears twice), then
    the SVGs in ``assets`` (a folder) that no slide shows."""
    cells = []
    for slide in deck.slides:
        for image in (*slide.images, *slide.html_images):
            if _is_local_svg(image):
                cells.append(Cell(slide.index, image.path, _background(slide)))
    shown = {c.path.resolve() for c in cells}
    if assets is not None and assets.is_dir():
        cells += [Cell(0, p, DARK_BG) for p in sorted(assets.rglob("*.svg"))
                  if p.resolve() not in shown]
    return cells


def _is_local_svg(image: ImageRef) -> bool:
    return image.path is not None and image.path.suffix.lower() == ".svg"


def _background(slide: Slide) -> tuple[int, int, int]:
    return DARK_BG if "invert" in (slide.css_class or "").split() else LIGHT_BG


def _draw(cell: Cell, width: int):
    """The diagram as an RGB Pillow image ``width`` px wide on its slide colour, or the error."""
    import cairosvg
    from PIL import Image
    try:
        png = cairosvg.svg2png(bytestring=sanitize_svg(cell.path.read_bytes()),
                               output_width=width)
        drawing = Image.open(io.BytesIO(png)).convert("RGBA")
    except Exception as exc:  # noqa: BLE001 - any failure becomes a red cell
        return None, f"{type(exc).__name__}: {exc}"
    canvas = Image.new("RGBA", drawing.size, cell.background + (255,))
    canvas.alpha_composite(drawing)
    return canvas.convert("RGB"), None


def _error_tile(message: str, width: int, colour=ERROR):
    from PIL import Image, ImageDraw, ImageFont
    tile = Image.new("RGB", (width, width // 3), colour)
    ImageDraw.Draw(tile).text((10, 10), message[:60], fill=LABEL,
                              font=ImageFont.load_default(size=14))
    return tile


def build_contact_sheet(deck: Deck, out: Path, *, columns: int = 4, cell_width: int = 400,
                        assets: Path | None = None) -> SheetResult:
    """Draw every diagram of ``deck`` (and the unused SVGs in ``assets``) into ``out`` (PNG,
    written atomically)."""
    from PIL import Image, ImageDraw, ImageFont

    result = SheetResult(Path(out))
    tiles = []
    for cell in diagram_cells(deck, assets):
        if not cell.path.is_file():
            result.missing.append(cell.label.replace(" · ", " "))
            tiles.append((cell, _error_tile("missing file", cell_width, MISSING)))
            continue
        tile, error = _draw(cell, cell_width)
        if error:
            result.failures.append(f"{cell.label.replace(' · ', ' ')}: {error}")
            tile = _error_tile(error, cell_width)
        else:
            result.drawn += 1
        tiles.append((cell, tile))
    rows = [tiles[i:i + columns] for i in range(0, len(tiles), columns)] or [[]]
    row_heights = [max((t.height for _, t in row), default=0) + LABEL_H for row in rows]
    width = columns * cell_width + (columns + 1) * GAP
    height = sum(row_heights) + (len(rows) + 1) * GAP + LABEL_H
    sheet = Image.new("RGB", (width, height), SHEET_BG)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default(size=16)
    draw.text((GAP, GAP // 2), f"{deck.path.name}: {len(tiles)} diagrams", fill=LABEL, font=font)
    y = GAP + LABEL_H
    for row, row_h in zip(rows, row_heights):
        for col, (cell, tile) in enumerate(row):
            x = GAP + col * (cell_width + GAP)
            sheet.paste(tile, (x, y))
            draw.text((x, y + tile.height + 6), cell.label[:52],
                      fill=LABEL, font=font)
        y += row_h + GAP
    _save_atomically(sheet, Path(out))
    return result


def _save_atomically(image, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".png", dir=out.parent)
    os.close(fd)
    try:
        image.save(tmp, "PNG")
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
