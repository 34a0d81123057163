"""Installed fonts as fontconfig sees them, for the SVG text rules: which face a
`font-family` stack resolves to, which characters a face has (its cmap, read with
fontTools), and a Pillow font to measure text with.

Everything here describes the machine, not a deck, so it is memoised for the process.
``fc-list`` runs once; ``fc-match`` only for generic families (``sans-serif``…). The cmap is
read from the raw ``cmap`` table (format 12 or 4) located by fontTools, because decompiling
all of Noto Sans CJK's 44 000 mappings with fontTools takes ~0.35 s and a lint has 0.4 s.
"""
from __future__ import annotations

import bisect
import functools
import struct
import subprocess
from dataclasses import dataclass

GENERIC = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui",
                     "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded", "emoji",
                     "math", "fangsong"})
BOLD = 200  # fontconfig weights: regular 80, bold 200
REGULAR = 80


@dataclass(frozen=True, slots=True)
class Face:
    family: str  # the first family name fontconfig lists
    families: tuple[str, ...]
    weight: int
    slant: int
    file: str
    index: int


def _run(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=20,
                              check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""  # no fontconfig: every family counts as missing, which the rules report


def _face(line: str) -> Face | None:
    parts = line.split("|")
    if len(parts) != 5:
        return None
    fams, weight, slant, file, index = parts
    names = tuple(f.strip() for f in fams.split(",") if f.strip())
    try:
        return Face(names[0], names, int(float(weight)), int(float(slant)), file, int(index))
    except (ValueError, IndexError):
        return None


@functools.lru_cache(maxsize=1)
def installed_faces() -> tuple[Face, ...]:
    out = _run(["fc-list", "--format", "%{family}|%{weight}|%{slant}|%{file}|%{index}\n"])
    return tuple(f for f in map(_face, out.splitlines()) if f is not None)


def _pick(faces: list[Face], weight: int, italic: bool) -> Face:
    return min(faces, key=lambda f: (abs(f.weight - weight) + (0 if (f.slant > 0) == italic
                                                                 else 1000), f.file))


@functools.lru_cache(maxsize=256)
def resolve_family(name: str, bold: bool = False, italic: bool = False) -> Face | None:
    """The installed face for one family name (None when fontconfig has no such family);
    generic families go through ``fc-match`` (which always answers)."""
    weight = BOLD if bold else REGULAR
    key = name.strip().lower()
    if key in GENERIC:
        pattern = f"{key}:weight={weight}" + (":slant=100" if italic else "")
        return _face(_run(["fc-match", "--format",
                           "%{family}|%{weight}|%{slant}|%{file}|%{index}", pattern]))
    faces = [f for f in installed_faces() if key in (n.lower() for n in f.families)]
    return _pick(faces, weight, italic) if faces else None


def parse_stack(value: str | None) -> list[str]:
    """``"'Noto Sans CJK JP', Lato, sans-serif"`` → the family names, unquoted."""
    names = []
    for part in (value or "").split(","):
        name = part.strip().strip("'\"").strip()
        if name:
            names.append(name)
    return names


class Coverage:
    """The code points a face maps to a glyph, from its raw cmap table."""

    def __init__(self, ranges: list[tuple[int, int]]):
        ranges.sort()
        self._starts = [r[0] for r in ranges]
        self._ends = [r[1] for r in ranges]

    def __contains__(self, cp: int) -> bool:
        i = bisect.bisect_right(self._starts, cp) - 1
        return i >= 0 and cp <= self._ends[i]


def _format12(data: bytes, off: int) -> list[tuple[int, int]]:
    (ngroups,) = struct.unpack_from(">I", data, off + 12)
    out = []
    for start, end, glyph in struct.iter_unpack(">III", data[off + 16: off + 16 + 12 * ngroups]):
        if glyph == 0:
            start += 1  # the first code point maps to .notdef
        if start <= end:
            out.append((start, end))
    return out


def _format4(data: bytes, off: int) -> list[tuple[int, int]]:
    (segx2,) = struct.unpack_from(">H", data, off + 6)
    n = segx2 // 2
    ends = struct.unpack_from(f">{n}H", data, off + 14)
    starts = struct.unpack_from(f">{n}H", data, off + 16 + segx2)
    deltas = struct.unpack_from(f">{n}h", data, off + 16 + 2 * segx2)
    ro_at = off + 16 + 3 * segx2
    range_offsets = struct.unpack_from(f">{n}H", data, ro_at)
    out = []
    for i in range(n):
        if starts[i] == 0xFFFF:
            continue
        for cp in range(starts[i], ends[i] + 1):
            if range_offsets[i] == 0:
                glyph = (cp + deltas[i]) & 0xFFFF
            else:
                at = ro_at + 2 * i + range_offsets[i] + 2 * (cp - starts[i])
                (glyph,) = struct.unpack_from(">H", data, at)
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                out.append((cp, cp))
    return out


@functools.lru_cache(maxsize=32)
def coverage(file: str, index: int = 0) -> Coverage:
    """Which characters ``file`` (face ``index`` of a collection) has glyphs for."""
    from fontTools.ttLib import TTFont
    font = TTFont(file, fontNumber=index, lazy=True)
    data = font.reader["cmap"]
    (count,) = struct.unpack_from(">H", data, 2)
    tables = {}
    for i in range(count):
        platform, encoding, off = struct.unpack_from(">HHI", data, 4 + 8 * i)
        (fmt,) = struct.unpack_from(">H", data, off)
        tables[(platform, encoding, fmt)] = off
    for key, parse in (((3, 10, 12), _format12), ((0, 4, 12), _format12),
                       ((3, 1, 4), _format4), ((0, 3, 4), _format4)):
        if key in tables:
            return Coverage(parse(data, tables[key]))
    return Coverage([(cp, cp) for cp in font.getBestCmap() or {}])


@functools.lru_cache(maxsize=256)
def pil_font(file: str, index: int, size: float):
    """A Pillow FreeType font at ``size`` px (sizes rounded to 1/4 px to share objects)."""
    from PIL import ImageFont
    return ImageFont.truetype(file, max(1.0, round(size * 4) / 4), index=index)
