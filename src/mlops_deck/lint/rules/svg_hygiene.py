"""DK535–DK537: SVG files stay small and hand-editable.

No duplicate-id check: the HTML build (``render/images.py``) embeds every SVG as an image —
a sanitised ``data:image/svg+xml`` URI in ``<img>`` or a CSS background, or a copied file — so
each diagram is its own document and its ids cannot collide with another's."""
from __future__ import annotations

import re
from typing import Iterator

from ...model import Deck
from ..registry import Finding, RuleContext, rule
from .svg_common import ASSETS_OPTION, memo, root_facts, svg_root, svg_targets
from .svg_style import local

TAGS = ("svg", "assets", "hygiene")
EDITOR_NS = ("http://www.inkscape.org/namespaces/inkscape",
             "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd")
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
DATA_URL = re.compile(r"^\s*data:([^;,]*)(;base64)?,", re.I)


@rule("DK535", "svg-file-too-large", tags=TAGS, options={**ASSETS_OPTION, "max_kb": 200})
def svg_file_too_large(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG file is larger than `max_kb`.

    ## What it does
    Reports an SVG file over `max_kb` kilobytes (1 KB = 1024 bytes).

    ## Why is this bad?
    Every diagram is inlined into the one HTML file; 98 heavy diagrams make the deck slow to
    open, diff and review. Hand-drawn diagrams are a few kilobytes; a big file usually holds
    an embedded bitmap, exported paths for text, or editor data.

    ## Example
    A 900 KB export with every label converted to outlines.

    ## Use instead
    Real `<text>`, simple shapes, no embedded bitmaps.

    ## Options
    - `max_kb` (default `200`).
    - `assets_dir`: as for DK510.
    """
    limit = float(ctx.option("max_kb", 200))
    for target in svg_targets(deck, ctx):
        size = len(target.file.data) / 1024
        if size > limit:
            yield target.finding(f"{size:.0f} KB > {limit:g} KB")


def _data_url_bytes(value: str) -> int | None:
    m = DATA_URL.match(value)
    if not m:
        return None
    payload = value[m.end():]
    if m.group(2):
        return len(re.sub(r"\s+", "", payload)) * 3 // 4
    return len(payload)


@rule("DK536", "svg-embedded-raster", tags=TAGS, options={**ASSETS_OPTION, "max_kb": 50})
def svg_embedded_raster(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG embeds a raster image larger than `max_kb`.

    ## What it does
    Decodes the length of each `data:` URL in an `<image>`/`<feImage>` `href` and reports
    embedded images over `max_kb` kilobytes.

    ## Why is this bad?
    A bitmap inside a diagram is blurry when scaled, is inlined into the HTML once per use,
    and cannot be edited, translated or checked for contrast like vector text.

    ## Example
    ```xml
    <image href="data:image/png;base64,iVBORw0KGgo…(200 KB)"/>
    ```

    ## Use instead
    Redraw it as vector shapes, or keep a small (< 50 KB) optimised bitmap.

    ## Options
    - `max_kb` (default `50`).
    - `assets_dir`: as for DK510.
    """
    limit = float(ctx.option("max_kb", 50))
    for target in svg_targets(deck, ctx):
        if root_facts(ctx, target.file) is None:
            continue
        for line, size in memo(ctx, target.file, "rasters.v1",
                               lambda f: _embedded_rasters(svg_root(ctx, f))):
            if size / 1024 > limit:
                yield target.finding(f"embedded image of {size / 1024:.0f} KB > {limit:g} KB",
                                     line)


def _embedded_rasters(root) -> list[tuple[int, int]]:
    """(line, decoded bytes) of every data-URL ``<image>``/``<feImage>``."""
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str) or local(el) not in ("image", "feImage"):
            continue
        size = _data_url_bytes(el.get("href") or el.get(XLINK_HREF) or "")
        if size is not None:
            found.append((el.sourceline or 1, size))
    return found


def _editor_data(root) -> list[tuple[int, str]]:
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.startswith(tuple(f"{{{ns}}}" for ns in EDITOR_NS)):
            found.append((el.sourceline or 1, f"<{local(el)}>"))
            continue
        attrs = [a.rsplit("}", 1)[-1] for a in el.attrib
                 if a.startswith(tuple(f"{{{ns}}}" for ns in EDITOR_NS))]
        if attrs:
            found.append((el.sourceline or 1, ", ".join(attrs[:3])))
    return found


@rule("DK537", "svg-editor-metadata", tags=TAGS, options=ASSETS_OPTION)
def svg_editor_metadata(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG carries Inkscape/Sodipodi editor data.

    ## What it does
    Reports the elements and attributes in the Inkscape and Sodipodi namespaces (one finding
    per SVG, at the first, with the count).

    ## Why is this bad?
    Editor state (window size, zoom, layer names, export paths that may reveal a local user
    name) bloats the file and the inlined HTML and makes diffs noisy. Browsers ignore it.

    ## Example
    ```xml
    <sodipodi:namedview inkscape:zoom="1.2" inkscape:window-width="1920"/>
    ```

    ## Use instead
    Save as "Plain SVG" or "Optimized SVG".

    ## Fix safety
    No automatic fix yet: `--fix` rewrites the deck only, and this finding is about the SVG
    file. (The removal itself is safe: the HTML build already drops these namespaces.)

    ## Options
    - `assets_dir`: as for DK510.
    """
    for target in svg_targets(deck, ctx):
        if root_facts(ctx, target.file) is None:
            continue
        found = memo(ctx, target.file, "editor.v1", lambda f: _editor_data(svg_root(ctx, f)))
        if found:
            line, what = found[0]
            more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
            yield target.finding(f"editor metadata: {what}{more}", line)
