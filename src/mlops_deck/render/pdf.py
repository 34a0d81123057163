"""PDF export: the built HTML printed by Chromium, then finished with pypdf.

Chromium prints one page per slide at the slide's size (1280×720 px = 960×540 pt), with
embedded font subsets and real, selectable text. It cannot write an outline from our slide
titles, the Author/Subject/Keywords metadata or text annotations, so :func:`finish_pdf`
adds those with pypdf, as an incremental update (``pdf_update.py``).
"""
from __future__ import annotations

from typing import Any

from ..model import Deck
from .browser import Chromium
from .notes import slide_notes
from .pdf_update import PdfUpdate

PX_PER_PT = 96 / 72
NOTE_ICON = 24  # pt: the annotation's icon square, at the slide's top-left corner


async def print_pdf(page: Any, chrome: Chromium, width: int, height: int) -> bytes:
    """Print the loaded deck (print media: one slide per page at the slide's size)."""
    await chrome.call(page.emulate_media(media="print"), "switching to the print layout")
    return await chrome.call(page.pdf(width=f"{width}px", height=f"{height}px",
                                      print_background=True, prefer_css_page_size=False,
                                      margin={"top": "0", "right": "0", "bottom": "0",
                                              "left": "0"}),
                             "printing the PDF")


def deck_metadata(deck: Deck) -> dict[str, str]:
    """PDF document info from marp-cli's metadata directives; title falls back to the first
    heading, as marp-cli's does."""
    settings = deck.global_settings
    title = _text(settings.get("title")) or next(
        (h.text for slide in deck.slides for h in slide.headings), "")
    info = {"/Title": title, "/Author": _text(settings.get("author")),
            "/Subject": _text(settings.get("description")),
            "/Keywords": _text(settings.get("keywords")), "/Creator": "mlops-deck"}
    return {key: value for key, value in info.items() if value}


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value).strip()


def outline_titles(deck: Deck) -> list[str]:
    """One bookmark per slide: its title, or "Slide N" when it has none."""
    return [" ".join((s.title or "").split()) or f"Slide {s.index}" for s in deck.slides]


def finish_pdf(pdf: bytes, deck: Deck, *, notes: bool = False) -> bytes:
    """Add the outline, metadata and (``notes``) one text annotation per slide with notes,
    as one incremental update (Chromium's bytes are kept as they are)."""
    from pypdf.generic import NameObject
    update = PdfUpdate(pdf)
    pages = [page.indirect_reference for page in update.reader.pages]
    catalog = _copy(update.reader.trailer["/Root"])
    catalog[NameObject("/Outlines")] = _add_outline(update, pages, outline_titles(deck))
    catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
    update.replace(update.reader.trailer.raw_get("/Root"), catalog)
    update.trailer_refs["/Info"] = update.add(_info(update, deck_metadata(deck)))
    if notes:
        _add_note_annotations(update, deck)
    return update.write()


def _copy(obj: Any) -> Any:
    from pypdf.generic import DictionaryObject
    copy = DictionaryObject()
    copy.update(obj)
    return copy


def _info(update: PdfUpdate, metadata: dict[str, str]) -> Any:
    from pypdf.generic import DictionaryObject, NameObject, create_string_object
    info = DictionaryObject()
    if "/Info" in update.reader.trailer:
        info.update(update.reader.trailer["/Info"])  # keep Producer and the dates
    for key, value in metadata.items():
        info[NameObject(key)] = create_string_object(value)
    return info


def _add_outline(update: PdfUpdate, pages: list[Any], titles: list[str]) -> Any:
    """A flat outline: one item per page, in order, each opening its page."""
    from pypdf.generic import (ArrayObject, DictionaryObject, NameObject, NullObject,
                               NumberObject, create_string_object)
    root = update.reserve()
    refs = [update.reserve() for _ in pages]
    for i, (page, ref) in enumerate(zip(pages, refs)):
        item = DictionaryObject({
            NameObject("/Title"): create_string_object(titles[i] if i < len(titles) else
                                                       f"Slide {i + 1}"),
            NameObject("/Parent"): root,
            NameObject("/Dest"): ArrayObject([page, NameObject("/XYZ"), NullObject(),
                                              NullObject(), NullObject()])})
        if i:
            item[NameObject("/Prev")] = refs[i - 1]
        if i + 1 < len(refs):
            item[NameObject("/Next")] = refs[i + 1]
        update.replace(ref, item)
    outline = DictionaryObject({NameObject("/Type"): NameObject("/Outlines"),
                                NameObject("/Count"): NumberObject(len(refs))})
    if refs:
        outline[NameObject("/First")] = refs[0]
        outline[NameObject("/Last")] = refs[-1]
    update.replace(root, outline)
    return root


def _add_note_annotations(update: PdfUpdate, deck: Deck) -> None:
    """A closed sticky note at each slide's top-left corner holding its speaker notes."""
    from pypdf.annotations import Text
    from pypdf.generic import ArrayObject, NameObject, create_string_object
    pages = update.reader.pages
    for slide in deck.slides[:len(pages)]:
        if not slide.notes:
            continue
        page = pages[slide.index - 1]
        top = float(page.mediabox.top)
        note = Text(rect=(0, top - NOTE_ICON, NOTE_ICON, top), text=slide_notes(slide),
                    open=False)
        note[NameObject("/P")] = page.indirect_reference
        note[NameObject("/T")] = create_string_object(f"Slide {slide.index} notes")
        copy = _copy(page)
        existing = list(page["/Annots"]) if "/Annots" in page else []  # links stay
        copy[NameObject("/Annots")] = ArrayObject([*existing, update.add(note)])
        update.replace(page.indirect_reference, copy)
