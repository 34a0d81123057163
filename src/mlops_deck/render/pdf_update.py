"""Append an incremental update to a PDF (PDF 32000-1 §7.5.6) with pypdf's object classes.

Re-writing Chromium's whole 125-page PDF with ``PdfWriter`` costs seconds (it copies every
font and content stream); an incremental update only appends the few objects we add or
change (outline, info, catalog, annotated pages) and a new xref section pointing back at
the old one. Readers see the updated objects; the original bytes stay untouched.
"""
from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader
from pypdf.generic import IndirectObject, PdfObject

STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


class PdfUpdate:
    """Objects to add or replace in ``pdf``; :meth:`write` returns the updated bytes."""

    def __init__(self, pdf: bytes):
        self.original = pdf
        self.reader = PdfReader(io.BytesIO(pdf))
        self.next_id = int(self.reader.trailer["/Size"])
        self.objects: dict[int, PdfObject] = {}
        self.trailer_refs: dict[str, IndirectObject] = {}

    def add(self, obj: PdfObject) -> IndirectObject:
        """A new object; returns the reference to use for it."""
        ref = IndirectObject(self.next_id, 0, None)
        self.next_id += 1
        self.objects[ref.idnum] = obj
        return ref

    def reserve(self) -> IndirectObject:
        """A reference for an object set later with :meth:`replace` (for cross-links)."""
        ref = IndirectObject(self.next_id, 0, None)
        self.next_id += 1
        return ref

    def replace(self, ref: Any, obj: PdfObject) -> None:
        self.objects[ref.idnum] = obj

    def write(self) -> bytes:
        body = io.BytesIO()
        body.write(self.original)
        if not self.original.endswith(b"\n"):
            body.write(b"\n")
        offsets: dict[int, int] = {}
        for idnum in sorted(self.objects):
            offsets[idnum] = body.tell()
            body.write(f"{idnum} 0 obj\n".encode())
            self.objects[idnum].write_to_stream(body)
            body.write(b"\nendobj\n")
        xref = body.tell()
        body.write(b"xref\n")
        for start, run in _runs(sorted(offsets)):
            body.write(f"{start} {len(run)}\n".encode())
            for idnum in run:
                body.write(f"{offsets[idnum]:010d} 00000 n\r\n".encode())
        body.write(b"trailer\n")
        self._trailer().write_to_stream(body)
        body.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
        return body.getvalue()

    def _trailer(self) -> PdfObject:
        from pypdf.generic import DictionaryObject, NameObject, NumberObject
        trailer = DictionaryObject()
        for key in ("/Root", "/Info", "/ID"):
            value = self.reader.trailer.raw_get(key) if key in self.reader.trailer else None
            if value is not None:
                trailer[NameObject(key)] = value
        for key, ref in self.trailer_refs.items():
            trailer[NameObject(key)] = ref
        trailer[NameObject("/Size")] = NumberObject(self.next_id)
        trailer[NameObject("/Prev")] = NumberObject(_last_startxref(self.original))
        return trailer


def _runs(ids: list[int]) -> list[tuple[int, list[int]]]:
    """Consecutive object numbers grouped into xref subsections."""
    runs: list[tuple[int, list[int]]] = []
    for idnum in ids:
        if runs and runs[-1][1][-1] == idnum - 1:
            runs[-1][1].append(idnum)
        else:
            runs.append((idnum, [idnum]))
    return runs


def _last_startxref(pdf: bytes) -> int:
    match = STARTXREF.search(pdf[-1024:])
    if not match:
        raise ValueError("not a complete PDF: no startxref at the end")
    return int(match.group(1))
