"""Safe SVG handling shared by lint (what is hostile, and where) and render (strip it).

Parsing never resolves entities, never loads a DTD and never touches the network, so an
XXE or "billion laughs" file is *reported* (from the DTD's declarations) and never expanded.
:func:`inventory` lists hostile content with its source line; :func:`sanitize_svg` returns a
copy that keeps only SVG-namespace elements from an allow-list, with no script, event
handlers, ``javascript:``/external links, ``foreignObject``, external CSS, DOCTYPE or
entities — safe to inline into HTML.

Only lxml and the standard library are imported here (lint and render both use it).
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from lxml import etree

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
EMPTY_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>'

# Elements an inlined diagram may keep (SVG 1.1/2 static + SMIL animation that cannot
# target links or handlers — checked separately). Everything else is dropped.
ALLOWED_ELEMENTS = frozenset("""
svg g defs symbol use title desc metadata switch a view
rect circle ellipse line polyline polygon path text tspan textPath
image marker pattern clipPath mask style
linearGradient radialGradient stop
filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB
feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset
fePointLight feSpecularLighting feSpotLight feTile feTurbulence
animate animateMotion animateTransform set mpath
""".split())
LINK_ATTRS = ("href", f"{{{XLINK_NS}}}href")
SAFE_DATA_URL = re.compile(r"^data:image/(png|jpeg|jpg|gif|webp);", re.I)
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data:text/html|data:application)", re.I)
CSS_IMPORT = re.compile(r"@import\b[^;]*;?", re.I)
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.I | re.S)
CSS_LOADERS = re.compile(r"(?:-webkit-)?image-set\(|cross-fade\(|\belement\(|\bsrc\(", re.I)
CSS_HINTS = ("url(", "\\", "@import", "image-set(", "cross-fade(", "element(", "src(")
CONTROL = re.compile(r"[\x00-\x20\x7f]+")
DOCTYPE = re.compile(rb"<!DOCTYPE\b[^\[>]*(\[.*?\]\s*)?>", re.S | re.I)
ENTITY_DECL = re.compile(rb"<!ENTITY\s+(?:%\s+)?([^\s>]+)((?:\"[^\"]*\"|'[^']*'|[^>\"'])*)>", re.S)
ENTITY_REF = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)[^\s;&<]+;")


@dataclass(frozen=True, slots=True)
class Hazard:
    """One piece of hostile content: what (``kind``), the source line, and a detail."""

    kind: str  # doctype | entity | external-entity | entity-expansion | script |
    #            event-attribute | javascript-url | external-href | foreign-object |
    #            css-import | css-url | processing-instruction
    line: int
    detail: str


@dataclass(slots=True)
class ParsedSvg:
    """The outcome of a safe parse: the root (None if it failed) and the reason."""

    root: "etree._Element | None"
    error: str | None = None
    error_line: int = 1
    hazards: list[Hazard] = field(default_factory=list)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                           huge_tree=False, dtd_validation=False, remove_blank_text=False)


def parse_svg(data: bytes) -> ParsedSvg:
    """Parse ``data`` without expanding anything; never raises for bad input.

    libxml2 refuses (rather than expands) an entity bomb even with entity resolution off, so
    the DOCTYPE is read as text for the report and removed, with entity references, before
    parsing: the tree never holds their content and the other checks still see the drawing.
    """
    hazards: list[Hazard] = []
    if isinstance(data, str):
        data = data.encode("utf-8")
    start = data.find(b"<!DOCTYPE")
    doctype = DOCTYPE.match(data, start) if start >= 0 else None
    if doctype:
        hazards = _dtd_hazards(data, doctype)
        data = _without_dtd(data, doctype)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        return ParsedSvg(None, f"not well-formed XML: {exc.msg}", line)
    except ValueError as exc:  # e.g. str with an encoding declaration
        return ParsedSvg(None, f"cannot parse: {exc}")
    return ParsedSvg(root, hazards=hazards + inventory(root))


def local_name(el: etree._Element) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(el: etree._Element) -> str:
    tag = el.tag
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def is_external_link(value: str) -> bool:
    """True for a link that leaves the document (anything but ``#frag`` or a raster data URL)."""
    v = CONTROL.sub("", value)
    return not (v.startswith("#") or SAFE_DATA_URL.match(v))


def _is_script_url(value: str) -> bool:
    # SMIL `values` are `;`-separated, so a script URL can hide after the first one
    return any(BAD_SCHEME.match(CONTROL.sub("", part)) for part in value.split(";"))


def external_css(text: str) -> list[tuple[str, str]]:
    """External references in CSS text: ``("css-import", rule)`` / ``("css-url", url)``."""
    found = [("css-import", m.group(0).strip()) for m in CSS_IMPORT.finditer(text)]
    for m in CSS_URL.finditer(text):
        if not CONTROL.sub("", m.group(2)).startswith("#"):
            found.append(("css-url", m.group(2)))
    found += [("css-url", m.group(0) + "…)") for m in CSS_LOADERS.finditer(text)]
    if "\\" in text:  # `u\72l(` and `@\69mport` are url( and @import to a browser
        found.append(("css-url", "CSS escape sequence (can hide url() or @import)"))
    return found


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _dtd_hazards(data: bytes, doctype: re.Match) -> list[Hazard]:
    """Hazards from the DOCTYPE and its entity declarations, read as text (never parsed)."""
    hazards = [Hazard("doctype", _line_at(data, doctype.start()), "<!DOCTYPE>")]
    for m in ENTITY_DECL.finditer(data, doctype.start(), doctype.end()):
        name, body = m.group(1).decode(errors="replace"), m.group(2)
        line = _line_at(data, m.start())
        if re.match(rb"\s*(SYSTEM|PUBLIC)\b", body):
            hazards.append(Hazard("external-entity", line, f"{name}: {body.strip()[:60]!r}"))
        elif b"&" in body or b"%" in body:
            hazards.append(Hazard("entity-expansion", line, f"{name} expands other entities"))
        else:
            hazards.append(Hazard("entity", line, name))
    return hazards


def _without_dtd(data: bytes, doctype: re.Match) -> bytes:
    """``data`` with the DOCTYPE blanked (newlines kept, so lines stay right) and every
    entity reference except XML's predefined and character references removed."""
    blank = re.sub(rb"[^\n]", b" ", doctype.group(0))
    rest = ENTITY_REF.sub(b"", data[doctype.end():])
    return data[:doctype.start()] + blank + rest


def _element_hazards(el: etree._Element) -> list[Hazard]:
    line = el.sourceline or 1
    name = local_name(el)
    out: list[Hazard] = []
    if name == "script":
        out.append(Hazard("script", line, "<script>"))
    elif name == "foreignObject":
        out.append(Hazard("foreign-object", line, "<foreignObject>"))
    for attr, value in el.attrib.items():
        bare = attr.rsplit("}", 1)[-1]
        if bare.lower().startswith("on"):
            out.append(Hazard("event-attribute", line, f'{bare}="{value[:40]}"'))
        elif _is_script_url(value):
            out.append(Hazard("javascript-url", line, f'{bare}="{value[:40]}"'))
        elif attr in LINK_ATTRS and is_external_link(value):
            out.append(Hazard("external-href", line, f'{bare}="{value[:60]}"'))
        elif bare == "style" or any(h in value.lower() for h in CSS_HINTS):
            out += [Hazard(k, line, d[:60]) for k, d in external_css(value)]
    if name == "style" and el.text:
        out += [Hazard(k, line, d[:60]) for k, d in external_css(el.text)]
    return out


def inventory(root: etree._Element) -> list[Hazard]:
    """Every hostile construct in a parsed tree, in document order."""
    hazards: list[Hazard] = []
    top = root.getroottree().getroot()
    for node in [*top.itersiblings(preceding=True), *top.itersiblings()]:
        if isinstance(node, etree._ProcessingInstruction):
            hazards.append(Hazard("processing-instruction", node.sourceline or 1,
                                  f"<?{node.target} ...?>"))
    for el in root.iter():
        if isinstance(el, etree._Entity):
            continue  # reported from the DTD declaration
        if isinstance(el, etree._ProcessingInstruction):
            hazards.append(Hazard("processing-instruction", el.sourceline or 1,
                                  f"<?{el.target} ...?>"))
        elif isinstance(el.tag, str):
            hazards += _element_hazards(el)
    return hazards


# -- sanitising ---------------------------------------------------------------------------

def _strip_css(text: str) -> str:
    if "\\" in text or CSS_LOADERS.search(text):
        return ""  # escapes and other loaders are not worth parsing: diagrams need neither
    text = CSS_IMPORT.sub("", text)
    return CSS_URL.sub(lambda m: m.group(0) if CONTROL.sub("", m.group(2)).startswith("#")
                       else "none", text)


def _clean_attributes(el: etree._Element) -> None:
    for attr in list(el.attrib):
        value = el.attrib[attr]
        ns = attr[1:].split("}", 1)[0] if attr.startswith("{") else ""
        bare = attr.rsplit("}", 1)[-1]
        drop = (bare.lower().startswith("on") or _is_script_url(value)
                or (ns not in ("", XLINK_NS, XML_NS)) or attr == f"{{{XML_NS}}}base"
                or (attr in LINK_ATTRS and is_external_link(value)))
        if not drop and local_name(el) in ("animate", "set") and bare == "attributeName":
            drop = value.rsplit(":", 1)[-1] == "href" or value.lower().startswith("on")
        if drop:
            del el.attrib[attr]
        elif bare == "style" or any(h in value.lower() for h in CSS_HINTS):
            el.attrib[attr] = _strip_css(value)


def _keep(el: etree._Element) -> bool:
    return (isinstance(el.tag, str) and _namespace(el) == SVG_NS
            and local_name(el) in ALLOWED_ELEMENTS)


def _remove(el: etree._Element) -> None:
    """Remove ``el`` and its subtree, keeping the text that follows it."""
    parent = el.getparent()
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _clean_tree(root: etree._Element) -> None:
    for el in list(root.iter()):
        if el is not root and el.getparent() is None:
            continue  # already removed with an ancestor
        if el is not root and not _keep(el):
            _remove(el)
            continue
        _clean_attributes(el)
        if local_name(el) == "style" and el.text:
            el.text = _strip_css(el.text)


def sanitize_svg(data: bytes) -> bytes:
    """A copy of ``data`` safe to inline in HTML (UTF-8 XML without declaration).

    Unparseable input, or a root that is not ``<svg>``, gives an empty 1×1 SVG, so callers can
    always embed the result; lint reports why.
    """
    parsed = parse_svg(data)
    root = parsed.root
    if root is None or not isinstance(root.tag, str) or root.tag != f"{{{SVG_NS}}}svg":
        return EMPTY_SVG
    # A copy of the root element leaves the DOCTYPE, entity declarations and outer PIs behind;
    # entity references, comments and PIs inside are dropped by _clean_tree (not elements).
    root = copy.deepcopy(root)
    _clean_tree(root)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, encoding="utf-8", xml_declaration=False)
