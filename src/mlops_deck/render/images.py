"""Images: what the output may load, and how it gets there.

The output never makes a network request and never reads outside the project folder:

- a local file inside the project becomes a ``data:`` URI (or, with ``embed=False``, a copy
  under ``assets/`` next to the HTML); SVG always passes through the sanitiser first;
- a missing file, a file outside the project, a remote URL or an unknown format becomes a
  *broken-image box*: an inline SVG placeholder that shows the path and the reason.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from markdown_it.common.utils import escapeHtml

from .cache import DiskCache, code_version, key_of

if TYPE_CHECKING:
    from .svgfonts import SvgFonts

RASTER_MAGIC = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif",
                b"RIFF": "image/webp"}
DATA_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml")


@dataclass(frozen=True)
class Resolved:
    url: str
    ok: bool
    reason: str = ""  # why the image is not shown, for the broken-image box
    src: str = ""  # the reference as written (broken images only)


@dataclass
class AssetStore:
    """Turns image references into URLs the output can load offline."""

    base_dir: Path  # the deck's folder: relative paths resolve from here
    project_root: Path
    embed: bool = True
    cache: DiskCache = field(default_factory=lambda: DiskCache(None))
    svg_fonts: "SvgFonts | None" = None  # gives each SVG subsets of the fonts it uses
    files: dict[str, bytes] = field(default_factory=dict)  # relpath -> bytes (embed=False)
    problems: list[Resolved] = field(default_factory=list)
    _cache: dict[str, Resolved] = field(default_factory=dict)

    def resolve(self, src: str) -> Resolved:
        if src not in self._cache:
            self._cache[src] = self._resolve(src)
            if not self._cache[src].ok:
                self.problems.append(self._cache[src])
        return self._cache[src]

    def _resolve(self, src: str) -> Resolved:
        parts = urlsplit(src)
        if parts.scheme == "data":
            return self._data_uri(src)
        if parts.scheme not in ("", "file") or parts.netloc or src.startswith("//"):
            return broken(src, "remote image not loaded")
        if not parts.path:
            return broken(src, "empty image path")
        path = Path(unquote(parts.path))
        path = (path if path.is_absolute() else self.base_dir / path).resolve()
        if not path.is_relative_to(self.project_root):
            return broken(src, "outside the project folder")
        if not path.is_file():
            return broken(src, "image not found")
        return self._local(src, path)

    def _local(self, src: str, path: Path) -> Resolved:
        data = path.read_bytes()
        mime = sniff(data, path)
        if mime is None:
            return broken(src, "not an image format the deck can show")
        if mime == "image/svg+xml":
            data = self.sanitize(data)
            if self.svg_fonts is not None:
                data = self.add_fonts(data)
        if self.embed:
            return Resolved(data_uri(mime, data), True)
        rel = path.relative_to(self.project_root).as_posix()
        self.files[f"assets/{rel}"] = data
        return Resolved(quote(f"assets/{rel}"), True)

    def _data_uri(self, src: str) -> Resolved:
        head, _, payload = src[5:].partition(",")
        mime = head.split(";")[0].lower()
        if mime not in DATA_IMAGE_TYPES:
            return broken(src[:40] + "…", "unsupported data URI")
        if mime != "image/svg+xml":
            return Resolved(src, True)
        raw = base64.b64decode(payload) if head.endswith(";base64") else unquote(payload).encode()
        return Resolved(data_uri(mime, self.sanitize(raw)), True)

    def sanitize(self, data: bytes) -> bytes:
        """The sanitised SVG, from the cache when this sanitiser has seen these bytes."""
        from .. import svgsafe

        key = key_of(code_version(svgsafe.__file__), data)
        cached = self.cache.get("svg", key)
        if cached is None:
            cached = svgsafe.sanitize_svg(data)
            self.cache.put("svg", key, cached)
        return cached


    def add_fonts(self, svg: bytes) -> bytes:
        """The sanitised SVG with its own font subsets (see :mod:`.svgfonts`), cached."""
        from . import svgfonts

        key = key_of(code_version(svgfonts.__file__), svg)
        cached = self.cache.get("svgfonts", key)
        if cached is None:
            cached = self.svg_fonts.with_fonts(svg)
            self.cache.put("svgfonts", key, cached)
        return cached

    def local_svgs(self, paths) -> list[bytes]:
        """The sanitised bytes of the SVG files among ``paths`` that the output may show."""
        out = []
        for path in paths:
            path = Path(path).resolve()
            if path.suffix.lower() == ".svg" and path.is_file() and \
                    path.is_relative_to(self.project_root):
                out.append(self.sanitize(path.read_bytes()))
        return out


def sniff(data: bytes, path: Path) -> str | None:
    for magic, mime in RASTER_MAGIC.items():
        if data.startswith(magic):
            return mime
    head = data[:1024].lstrip().lower()
    if path.suffix.lower() in (".svg", ".svgz") or head.startswith((b"<svg", b"<?xml")):
        return "image/svg+xml" if b"<svg" in data[:4096].lower() else None
    return None


def data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def broken(src: str, reason: str) -> Resolved:
    return Resolved(broken_box(reason), False, reason, src)


@lru_cache(maxsize=None)
def broken_box(reason: str) -> str:
    """A 16:9 placeholder (800×450) that says why an image is missing. One per reason, not
    per image: every distinct SVG <img> is a document of its own in the browser (~10 ms of
    loading and printing each, 0.7 s of a PDF with 67 missing diagrams), while identical
    URLs share one. Which image it stands for is in the build's message, DK501 and the
    <img>'s data-broken-image attribute (not a title: marp-cli's markup has none)."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450" viewBox="0 0 800 450">'
        '<rect x="2" y="2" width="796" height="446" fill="#f4f4f4" stroke="#c62828" '
        'stroke-width="4" stroke-dasharray="16 10"/>'
        '<g fill="none" stroke="#c62828" stroke-width="6"><rect x="350" y="120" width="100" '
        'height="80" rx="6"/><path d="M350 200l35-40 25 25 15-15 25 30"/></g>'
        '<g font-family="DejaVu Sans, Arial, sans-serif" text-anchor="middle" fill="#333">'
        f'<text x="400" y="280" font-size="28" font-weight="bold">{escapeHtml(reason)}</text>'
        '</g></svg>')
    return f"data:image/svg+xml;charset=utf-8,{quote(svg)}"
