"""Embedded fonts: fontTools subsets (woff2) of the fonts the deck actually uses.

A theme's ``fonts.json`` lists the faces to embed: ``family`` (the CSS name), ``match``
(a fontconfig pattern, resolved with ``fc-match``), ``weight``, ``style`` and ``role``:
``text`` (every character outside code), ``code`` (characters in code) or ``all``. Each
face is cut down to the characters of its role that it has glyphs for, so the HTML renders
the same on a machine without those fonts.

Subsetting a CJK font takes seconds, so subsets are cached by content hash (font file
identity + characters) in ``.mlops-deck-cache/fonts/``; a warm build only reads files.
Each face is cut into Unicode *buckets* (Latin, kana and CJK punctuation, slices of the
CJK ideographs…), each its own ``@font-face`` with a ``unicode-range``: a new character
in the deck then re-subsets one small bucket, not the whole CJK font.
"""
from __future__ import annotations

import base64
import hashlib
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

CACHE_VERSION = "2"
# Bucket boundaries (start code points); a bucket runs to the next boundary - 1.
_IDEOGRAPH_SLICES = tuple(range(0x4E00, 0xA000, 0x0A00))
BUCKETS = (0x0000, 0x0250, 0x2000, 0x3000, 0x3100, *_IDEOGRAPH_SLICES, 0xA000, 0xF900,
           0xFF00, 0x10000, 0x110000)


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    style: str
    woff2: bytes
    file: str  # the source font, for reports
    unicode_range: str = ""  # CSS unicode-range of this bucket


@dataclass(frozen=True)
class UsedText:
    text: str  # characters outside code
    code: str  # characters inside code

    def for_role(self, role: str) -> str:
        chars = {"text": self.text, "code": self.code}.get(role, self.text + self.code)
        return "".join(sorted(set(chars) - {"\n", "\r", "\t"}))


class FontError(Exception):
    pass


def fc_match(pattern: str, cache_dir: Path | None) -> tuple[Path, int] | None:
    """The font file (and face index in a collection) fontconfig picks for ``pattern``."""
    memo = _read_json(cache_dir / "fc-match.json") if cache_dir else {}
    hit = memo.get(pattern)
    if hit and Path(hit[0]).is_file():
        return Path(hit[0]), int(hit[1])
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}\n%{index}", pattern],
                             capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    file, _, index = out.partition("\n")
    if not file or not Path(file).is_file():
        return None
    if cache_dir:
        memo[pattern] = [file, int(index or 0)]
        _write(cache_dir / "fc-match.json", json.dumps(memo, indent=1).encode())
    return Path(file), int(index or 0)


def embed_fonts(faces: tuple[dict, ...], used: UsedText, cache_dir: Path | None) -> list[FontFace]:
    out = []
    for face in faces:
        found = fc_match(face["match"], cache_dir)
        if found is None:
            continue  # not installed: the browser falls back, as Marp does offline
        path, index = found
        for (low, high), chars in buckets(used.for_role(face.get("role", "all"))):
            data = subset_cached(path, index, chars, cache_dir)
            if data:
                out.append(FontFace(face["family"], int(face.get("weight", 400)),
                                    face.get("style", "normal"), data, path.name,
                                    f"U+{low:X}-{high:X}"))
    return out


def buckets(chars: str) -> list[tuple[tuple[int, int], str]]:
    """``chars`` grouped by :data:`BUCKETS`: [((low, high), chars in that range)]."""
    groups: dict[int, list[str]] = {}
    for ch in chars:
        cp = ord(ch)
        start = max(b for b in BUCKETS[:-1] if b <= cp)
        groups.setdefault(start, []).append(ch)
    out = []
    for start in sorted(groups):
        end = BUCKETS[BUCKETS.index(start) + 1] - 1
        out.append(((start, end), "".join(sorted(groups[start]))))
    return out


def subset_cached(path: Path, index: int, chars: str, cache_dir: Path | None) -> bytes:
    stat = path.stat()
    key = hashlib.sha256("\0".join([CACHE_VERSION, str(path), str(index), str(stat.st_size),
                                    str(stat.st_mtime_ns), chars]).encode()).hexdigest()[:32]
    cached = cache_dir / "fonts" / f"{key}.woff2" if cache_dir else None
    if cached and cached.is_file():
        return cached.read_bytes()
    data = subset(path, index, chars)
    if cached:
        _write(cached, data)
    return data


def subset(path: Path, index: int, chars: str) -> bytes:
    """A woff2 subset of one face, holding the glyphs of ``chars`` it has."""
    import io

    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True)  # reads only the tables it subsets
    cmap = font.getBestCmap() or {}
    codepoints = [ord(c) for c in chars if ord(c) in cmap]
    if not codepoints:
        return b""
    options = ft_subset.Options()
    options.flavor = "woff2"
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer)
    return buffer.getvalue()


def font_face_css(faces: list[FontFace], urls: dict[int, str] | None = None) -> str:
    """``@font-face`` rules; ``urls`` maps a face's position to a file URL (no-embed)."""
    rules = []
    for i, f in enumerate(faces):
        src = (urls or {}).get(i) or \
            f"data:font/woff2;base64,{base64.b64encode(f.woff2).decode('ascii')}"
        unicode_range = f"unicode-range:{f.unicode_range};" if f.unicode_range else ""
        rules.append(f'@font-face{{font-family:"{f.family}";font-weight:{f.weight};'
                     f'font-style:{f.style};font-display:block;{unicode_range}'
                     f'src:url("{src}") format("woff2")}}')
    return "\n".join(rules)


def font_file_name(face: FontFace) -> str:
    digest = hashlib.sha256(face.woff2).hexdigest()[:10]
    return f"fonts/{face.family.replace(' ', '')}-{face.weight}-{digest}.woff2"  # per bucket


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write(path: Path, data: bytes) -> None:
    """Write through a temp name so a concurrent build never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{__import__('os').getpid()}.tmp")
    temp.write_bytes(data)
    temp.replace(path)
