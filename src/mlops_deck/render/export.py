"""Browser exports of a built deck in one Chromium session: PDF, handout, PNGs, overflow.

``build`` renders the HTML, then calls :func:`export_deck` once; the browser starts once
and every output is written into ``out_dir`` (the build's temp folder, renamed into place
by the build when everything succeeded). The notes file needs no browser.
"""
from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..layout import DeckLayout
from ..model import Deck
from .browser import DEFAULT_TIMEOUT, Chromium, run_in_browser
from .handout import print_handout
from .notes import notes_markdown
from .overflow import measure_page
from .pdf import finish_pdf, print_pdf
from .png import default_workers, export_pngs
from .session import BrowserSession


@dataclass(frozen=True, slots=True)
class ExportRequest:
    pdf: bool = False
    pdf_notes: bool = False  # implies pdf
    handout: bool = False
    png: bool = False
    scale: float = 1.0
    notes: bool = False
    measure: bool = False  # overflow measurements for the DK6xx rules

    @property
    def needs_browser(self) -> bool:
        return self.pdf or self.pdf_notes or self.handout or self.png or self.measure


@dataclass(frozen=True, slots=True)
class ExportResult:
    files: tuple[Path, ...] = ()
    layout: DeckLayout | None = None


def output_names(deck: Deck) -> dict[str, str]:
    stem = deck.path.stem
    return {"pdf": f"{stem}.pdf", "handout": f"{stem}.handout.pdf",
            "notes": f"{stem}.notes.md", "png": "png"}


def export_deck(deck: Deck, html: Path, out_dir: Path, request: ExportRequest, *,
                measure_html: Path | None = None, timeout: float = DEFAULT_TIMEOUT,
                session: BrowserSession | None = None) -> ExportResult:
    """Write the requested outputs of ``deck`` (built as ``html``) into ``out_dir``.

    ``measure_html`` is the same deck rendered with ``data-line`` source lines, used for
    the overflow measurements (defaults to ``html``). ``session``: a browser started
    earlier (see :mod:`.session`); without it one is started now."""
    names = output_names(deck)
    files: list[Path] = []
    if request.notes:
        files.append(_write(out_dir / names["notes"], notes_markdown(deck).encode("utf-8")))
    if not request.needs_browser:
        return ExportResult(tuple(files))

    async def job(chrome: Chromium) -> ExportResult:
        found = await _browser_work(chrome, deck, html, measure_html or html, out_dir,
                                    request)
        return ExportResult(tuple(files) + found.files, found.layout)
    return session.run(job) if session is not None else run_in_browser(job, timeout=timeout)


async def _browser_work(chrome: Chromium, deck: Deck, html: Path, measure_html: Path,
                        out_dir: Path, request: ExportRequest) -> ExportResult:
    """Measuring and printing share one page; PNG screenshots run beside it in their own
    pages, and that first page joins them once it has printed (unless the handout took it
    apart)."""
    hand_over = asyncio.get_running_loop().create_future() if request.png else None
    jobs = [_measure_and_print(chrome, deck, html, measure_html, out_dir, request, hand_over)]
    if request.png:
        jobs.append(export_pngs(chrome, html, out_dir / output_names(deck)["png"], deck.size,
                                scale=request.scale, workers=max(1, default_workers() - 1),
                                extra_page=hand_over))
    (layout, files), *pngs = await asyncio.gather(*jobs)
    return ExportResult(tuple(files) + tuple(p for paths in pngs for p in paths), layout)


async def _measure_and_print(chrome: Chromium, deck: Deck, html: Path, measure_html: Path,
                             out_dir: Path, request: ExportRequest,
                             hand_over: asyncio.Future | None = None
                             ) -> tuple[DeckLayout | None, list[Path]]:
    """Measure, then print the PDF and handout from the same page. When measuring, that
    page shows the measuring HTML: the built HTML plus ``data-line`` attributes, which
    change nothing drawn, and loading and laying out the deck once instead of twice is
    most of the time a PDF takes. Afterwards the page goes to ``hand_over`` (or None)."""
    page = None
    try:
        printing = request.pdf or request.pdf_notes or request.handout
        if not (request.measure or printing):
            return None, []
        names, size = output_names(deck), deck.size
        page = await chrome.open_html(measure_html if request.measure else html, *size)
        layout = await measure_page(page, chrome) if request.measure else None
        files = []
        if request.pdf or request.pdf_notes:
            pdf = await print_pdf(page, chrome, *size)
            finished = await asyncio.to_thread(finish_pdf, pdf, deck, notes=request.pdf_notes)
            files.append(_write(out_dir / names["pdf"], finished))
        if request.handout:
            files.append(_write(out_dir / names["handout"],
                                await print_handout(page, chrome, deck)))
            await chrome.call(page.context.close(), "closing a page")
            page = None  # rearranged into handout pages: no use for screenshots
        return layout, files
    finally:
        if hand_over is not None and not hand_over.done():
            hand_over.set_result(page)


def measure_layouts(decks: Sequence[Deck], *,
                    timeout: float = DEFAULT_TIMEOUT) -> list[DeckLayout]:
    """Overflow measurements of each deck (rendered with ``data-line`` source lines), in
    one browser session; nothing is written but a temp file. For ``lint --render``."""
    from .html import RenderOptions, render_deck

    async def job(chrome: Chromium) -> list[DeckLayout]:
        layouts = []
        with tempfile.TemporaryDirectory(prefix="mlops-deck-measure-") as tmp:
            for i, deck in enumerate(decks):
                html = Path(tmp) / f"deck-{i}.html"
                html.write_text(render_deck(deck, RenderOptions(source_lines=True)),
                                encoding="utf-8")
                page = await chrome.open_html(html, *deck.size)
                layouts.append(await measure_page(page, chrome))
                await chrome.call(page.context.close(), "closing a page")
        return layouts
    return run_in_browser(job, timeout=timeout) if decks else []


def _write(path: Path, data: bytes) -> Path:
    """Write through a temp name and rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    temp.replace(path)
    return path
