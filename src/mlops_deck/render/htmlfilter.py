"""Raw HTML in Markdown, as marp-core treats it without ``--html``.

marp-core lets a fixed allow-list of tags through (with only some attributes, and
``href``/``src`` limited to http(s) or ``data:image/``) and escapes every other tag so it
shows as text. ``<style>`` blocks are not HTML output at all: Marpit always turns them into
deck CSS (``<style scoped>`` for one slide); that is handled by the renderer.
"""
from __future__ import annotations

import re
from typing import Callable

from markdown_it.common.utils import escapeHtml

_GLOBAL = ("class", "dir", "lang", "title")
_TABLE_CELL = _GLOBAL + ("width", "rowspan", "colspan", "align", "valign")
_ALIGN = _GLOBAL + ("align", "valign")
_MEDIA = _GLOBAL + ("autoplay", "controls", "loop", "muted", "preload", "src")
ALLOWED: dict[str, tuple[str, ...]] = {
    **{t: _GLOBAL for t in (
        "abbr address article aside b bdi bdo big br caption center cite code dd div dl dt "
        "em figcaption figure h1 h2 h3 h4 h5 h6 hr i kbd mark nav p picture pre rp rt ruby s "
        "section small span sub summary sup strong strike u ul wbr").split()},
    "a": _GLOBAL + ("href", "name", "rel", "target"),
    "audio": _MEDIA,
    "blockquote": _GLOBAL + ("cite",), "q": _GLOBAL + ("cite",),
    "col": _ALIGN + ("span", "width"), "colgroup": _ALIGN + ("span", "width"),
    "del": _GLOBAL + ("cite", "datetime"), "ins": _GLOBAL + ("cite", "datetime"),
    "details": _GLOBAL + ("open",),
    "img": _GLOBAL + ("align", "alt", "decoding", "height", "loading", "src", "srcset", "width"),
    "li": _GLOBAL + ("type", "value"),
    "ol": _GLOBAL + ("reversed", "start", "type"),
    "source": ("height", "media", "sizes", "src", "srcset", "type", "width"),
    "table": _GLOBAL + ("width", "border", "align", "valign"),
    "tbody": _ALIGN, "tfoot": _ALIGN, "thead": _ALIGN,
    "td": _TABLE_CELL, "th": _TABLE_CELL,
    "time": _GLOBAL + ("datetime",),
    "tr": _GLOBAL + ("rowspan", "align", "valign"),
    "video": _MEDIA + ("playsinline", "poster", "height", "width"),
}
_URL_ATTRS = {"href": ("http", "https"), "cite": ("http", "https"),
              "src": ("http", "https", "data:image/"), "poster": ("http", "https", "data:image/"),
              "srcset": ("http", "https", "data:image/")}
_VOID = {"br", "hr", "img", "source", "wbr", "col"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(/?)>")
_ATTR = re.compile(r"([^\s=>/]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")


def filter_html(html: str, rewrite_url: Callable[[str], str] | None = None) -> str:
    """Keep allow-listed tags (cleaned), escape every other tag.

    ``rewrite_url`` maps each kept media URL (``src``, ``poster``) to what the output may
    load: our output never fetches anything from the network or outside the project.
    """
    out, pos = [], 0
    for m in _TAG.finditer(html):
        out.append(html[pos:m.start()])
        out.append(_clean_tag(m, rewrite_url) if m.group(2).lower() in ALLOWED
                   else escapeHtml(m.group(0)))
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def _clean_tag(m: re.Match, rewrite_url) -> str:
    closing, name = m.group(1), m.group(2).lower()
    if closing:
        return f"</{name}>"
    allowed = ALLOWED[name]
    attrs = []
    for a in _ATTR.finditer(m.group(3) or ""):
        key = a.group(1).lower()
        if key not in allowed:
            continue
        value = (a.group(2) or "").strip("\"'")
        if key == "dir" and value.lower() not in ("rtl", "ltr", "auto"):
            value = ""
        if key in _URL_ATTRS and not _safe_url(value, _URL_ATTRS[key]):
            value = ""
        if key in ("src", "poster") and value and rewrite_url:
            value = rewrite_url(value)
        if key == "srcset":
            continue  # candidate lists could name remote files; src alone is enough
        attrs.append(f' {key}="{escapeHtml(value)}"' if a.group(2) is not None else f" {key}")
    end = " />" if name in _VOID else ">"
    return f"<{name}{''.join(attrs)}{end}"


def _safe_url(value: str, schemes: tuple[str, ...]) -> bool:
    parts = value.split(",") if "," in value and "data:" not in value else [value]
    for part in parts:
        v = part.strip().lower()
        if ":" in v and not any(v.startswith(s + ":") or (s.endswith("/") and v.startswith(s))
                                for s in schemes):
            return False
    return True
