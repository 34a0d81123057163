"""Fonts inside SVG diagrams, so they render the same on a machine without those fonts.

An SVG shown through ``<img>`` is an isolated document: it can't use the page's embedded
``@font-face`` rules, so its labels fall back to whatever the viewer has installed (tofu,
for Japanese, on many machines). This module gives each (already sanitised) SVG its own
``<style>`` with woff2 subsets of the installed fonts its text uses: each character goes to
the first family of its ``font-family`` stack that fontconfig really has and that has a
glyph for it (as the browser picks), and each such face is cut down to its characters and
weights. Generic families (``sans-serif``) are left to the viewer, as in any web page.
"""
from __future__ import annotations

import base64
import re
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from .fonts import subset_cached

SVG_NS = "http://www.w3.org/2000/svg"
GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "emoji",
           "math", "fangsong", "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded"}
FC_WEIGHT = {400: 80, 700: 200}  # CSS weight -> fontconfig weight
_STYLE_PROP = re.compile(r"(font-family|font-weight)\s*:\s*([^;]+)")


class SvgFonts:
    """Adds font subsets to SVGs. Cutting a subset out of a 19 MB CJK collection is slow,
    so the first SVG that needs fonts makes one *base* subset per face holding the
    characters of every SVG the deck shows (``all_svgs()``; cached on disk), and each SVG's
    own subset is then cut from that small base in milliseconds."""

    def __init__(self, cache_dir: Path | None, all_svgs: Callable[[], Iterable[bytes]]):
        self.cache_dir, self._all_svgs = cache_dir, all_svgs
        self._bases: dict[tuple[str, int], bytes] | None = None

    def with_fonts(self, svg: bytes) -> bytes:
        """``svg`` with ``@font-face`` rules for the fonts its text uses (unchanged if none)."""
        root = _parse(svg)
        wanted = _text_by_face(root) if root is not None else {}
        if not wanted:
            return svg
        bases = self._base_subsets()
        rules = [_face_rule(face, bases.get(face), chars)
                 for face, chars in sorted(wanted.items())]
        rules = [r for r in rules if r]
        if not rules:
            return svg
        from lxml import etree

        style = etree.Element(f"{{{SVG_NS}}}style")
        style.text = "\n".join(rules)
        root.insert(0, style)
        return etree.tostring(root, encoding="utf-8", xml_declaration=False)

    def _base_subsets(self) -> dict[tuple[str, int], bytes]:
        if self._bases is None:
            union: dict[tuple[str, int], set[str]] = {}
            for data in self._all_svgs():
                root = _parse(data)
                for face, chars in (_text_by_face(root) if root is not None else {}).items():
                    union.setdefault(face, set()).update(chars)
            self._bases = {}
            for (family, weight), chars in union.items():
                found = installed(family, FC_WEIGHT[weight])
                if found:
                    data = subset_cached(found[0], found[1], "".join(sorted(chars)),
                                         self.cache_dir)
                    if data:
                        self._bases[(family, weight)] = data
        return self._bases


def _parse(svg: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        return etree.fromstring(svg, parser)
    except etree.XMLSyntaxError:
        return None


def _text_by_face(root) -> dict[tuple[str, int], set[str]]:
    """{(family, CSS weight): characters it draws}: each character goes to the first family
    of its element's stack that is installed and has a glyph for it, as a browser picks."""
    wanted: dict[tuple[str, int], set[str]] = {}
    for el in root.iter(f"{{{SVG_NS}}}text", f"{{{SVG_NS}}}tspan"):
        chars = set(el.text or "") | set("".join(
            (c.tail or "") for c in el if c.tag == f"{{{SVG_NS}}}tspan"))
        chars -= {"\n", "\t", "\r"}  # collapsed to spaces by SVG; the space itself stays
        if not chars:
            continue
        stack, weight = _inherited(el)
        for ch in chars:
            for family in stack:
                if ord(ch) in _cmap(family, weight):
                    wanted.setdefault((family, weight), set()).add(ch)
                    break
    return wanted


@lru_cache(maxsize=16)
def _cmap(family: str, weight: int) -> frozenset[int]:
    found = installed(family, FC_WEIGHT[weight])
    if found is None:
        return frozenset()
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(found[0], fontNumber=found[1], lazy=True).getBestCmap() or {})


def _inherited(el) -> tuple[list[str], int]:
    family = weight = None
    node = el
    while node is not None and (family is None or weight is None):
        props = dict(_STYLE_PROP.findall(node.get("style") or ""))
        family = family or props.get("font-family") or node.get("font-family")
        weight = weight or props.get("font-weight") or node.get("font-weight")
        node = node.getparent()
    names = [f.strip().strip("'\"") for f in (family or "").split(",")]
    return [n for n in names if n and n.lower() not in GENERIC], _css_weight(weight)


def _css_weight(value: str | None) -> int:
    value = (value or "normal").strip().lower()
    if value in ("bold", "bolder"):
        return 700
    return 700 if value.isdigit() and int(value) >= 600 else 400


def _face_rule(face: tuple[str, int], base: bytes | None, chars: set[str]) -> str:
    data = _subset_of(base, chars) if base else b""
    if not data:
        return ""
    family, weight = face
    src = base64.b64encode(data).decode("ascii")
    return (f'@font-face{{font-family:"{family}";font-weight:{weight};font-style:normal;'
            f'src:url(data:font/woff2;base64,{src}) format("woff2")}}')


def _subset_of(woff2: bytes, chars: set[str]) -> bytes:
    """A woff2 holding just ``chars`` (those the font has), cut from another woff2."""
    import io

    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(woff2))
    codepoints = [ord(c) for c in chars if ord(c) in (font.getBestCmap() or {})]
    if not codepoints:
        return b""
    options = ft_subset.Options()
    options.flavor = "woff2"
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@lru_cache(maxsize=64)
def installed(family: str, fc_weight: int) -> tuple[Path, int] | None:
    """The font file fontconfig has for exactly this family (None when it would substitute)."""
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}", f"{family}:weight={fc_weight}"],
            capture_output=True, text=True, timeout=10, check=False).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    if len(out) < 3 or family.lower() not in [f.strip().lower() for f in out[2].split(",")]:
        return None
    path = Path(out[0])
    return (path, int(out[1] or 0)) if path.is_file() else None
