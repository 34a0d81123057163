"""DK510–DK514: SVG files parse safely and hold nothing active or external.

The deck's diagrams are inlined into one self-contained HTML file, so anything an SVG could
run or fetch would run or fetch in every learner's browser. The HTML renderer strips it all
(:func:`mlops_deck.svgsafe.sanitize_svg`); these rules tell the author, so the file is fixed at
the source instead of silently altered.
"""
from __future__ import annotations

from typing import Iterator

from ...diagnostics import Severity
from ...model import Deck
from ..registry import Finding, RuleContext, rule
from .svg_common import ASSETS_OPTION, SVG_ROOT_TAG, memo, parsed, svg_targets

TAGS = ("svg", "assets", "security")


def safety(ctx: RuleContext, file) -> dict:
    """What the safe parse found, as JSON (memoised by content hash, so an unchanged file is
    not parsed again): the parse error, the root tag and every hazard."""
    def compute(f) -> dict:
        result = parsed(ctx, f)
        return {"error": result.error, "error_line": result.error_line,
                "root": None if result.root is None else str(result.root.tag),
                "hazards": [[h.kind, h.line, h.detail] for h in result.hazards]}
    return memo(ctx, file, "safety.v1", compute)


def _hazards(deck: Deck, ctx: RuleContext, kinds: dict[str, str]) -> Iterator[Finding]:
    for target in svg_targets(deck, ctx):
        for kind, line, detail in safety(ctx, target.file)["hazards"]:
            if kind in kinds:
                yield target.finding(f"{kinds[kind]}: {detail}", line)


@rule("DK510", "svg-not-well-formed", Severity.ERROR, tags=TAGS, options=ASSETS_OPTION)
def svg_not_well_formed(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG file is not well-formed XML with an `<svg>` root.

    ## What it does
    Parses every SVG the deck shows (and every `*.svg` under `assets/` that no slide uses)
    with lxml, entity resolution, DTD loading and network access off, and reports a file that
    is not well-formed XML or whose root is not `<svg>` in the SVG namespace.

    ## Why is this bad?
    Browsers show a broken-image icon (or nothing) for a malformed SVG, and the HTML build
    cannot inline it, so the slide loses its diagram.

    ## Example
    ```xml
    <svg xmlns="http://www.w3.org/2000/svg"><rect></svg>
    ```

    ## Use instead
    ```xml
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 360"><rect/></svg>
    ```

    ## Options
    - `assets_dir` (default `"../assets"`, relative to the deck): the folder whose unused SVGs
      are checked too.
    """
    for target in svg_targets(deck, ctx):
        result = safety(ctx, target.file)
        if result["root"] is None:
            yield target.finding(result["error"] or "cannot parse", result["error_line"])
        elif result["root"] != SVG_ROOT_TAG:
            yield target.finding(f"root element is <{result['root']}>, not an SVG <svg>")


@rule("DK511", "svg-doctype-entities", Severity.ERROR, tags=TAGS, options=ASSETS_OPTION)
def svg_doctype_entities(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG declares a DOCTYPE or entities (XXE, "billion laughs").

    ## What it does
    Reports a `<!DOCTYPE>` and each `<!ENTITY>` it declares: external entities (XXE, which
    read local files or URLs) and entities that expand other entities (the exponential
    "billion laughs" bomb). The declarations are read as text; nothing is ever expanded.

    ## Why is this bad?
    A parser that resolves entities can leak files or hang on such an SVG. SVG needs no DTD:
    the renderer drops it, so entity references would vanish from the slide anyway.

    ## Example
    ```xml
    <!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
    <svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>
    ```

    ## Use instead
    ```xml
    <svg xmlns="http://www.w3.org/2000/svg"><text>plain text</text></svg>
    ```

    ## Options
    - `assets_dir`: as for DK510.
    """
    kinds = {"external-entity": "external entities (XXE)",
             "entity-expansion": "entities expanding other entities (billion laughs)",
             "entity": "entities"}
    for target in svg_targets(deck, ctx):
        hazards = [h for h in safety(ctx, target.file)["hazards"] if h[0] in kinds or
                   h[0] == "doctype"]
        if not hazards:
            continue
        parts = []
        for kind, label in kinds.items():
            names = [d.split(" ", 1)[0].rstrip(":") for k, _, d in hazards if k == kind]
            if names:
                parts.append(f"{len(names)} {label}: {', '.join(names[:5])}"
                             + ("…" if len(names) > 5 else ""))
        detail = "; ".join(parts) if parts else "no entities"
        yield target.finding(f"DOCTYPE declaration ({detail}); nothing was expanded",
                             hazards[0][1])


@rule("DK512", "svg-active-content", Severity.ERROR, tags=TAGS, options=ASSETS_OPTION)
def svg_active_content(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG holds script: `<script>`, `on*` event attributes or `javascript:` URLs.

    ## What it does
    Reports `<script>` elements (in any namespace), event-handler attributes such as
    `onload` or `onclick`, and attribute values that are `javascript:` (or `vbscript:`,
    `data:text/html`) URLs, including those hidden with whitespace or character references.

    ## Why is this bad?
    Inlined into the deck's HTML, the script would run with the page's rights in every
    viewer's browser. A diagram never needs it.

    ## Example
    ```xml
    <svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>
    ```

    ## Use instead
    ```xml
    <svg xmlns="http://www.w3.org/2000/svg"/>
    ```

    ## Options
    - `assets_dir`: as for DK510.
    """
    yield from _hazards(deck, ctx, {"script": "script element",
                                    "event-attribute": "event handler attribute",
                                    "javascript-url": "script URL"})


@rule("DK513", "svg-external-reference", Severity.ERROR, tags=TAGS, options=ASSETS_OPTION)
def svg_external_reference(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG loads something from outside itself (href, CSS `@import`/`url()`, stylesheet PI).

    ## What it does
    Reports `href`/`xlink:href` values that are not a `#fragment` in the same file (or a
    PNG/JPEG/GIF/WebP `data:` URL), CSS `@import` and `url()` that does not point at a
    `#fragment`, in `<style>`, `style` attributes and presentation attributes, and
    `<?xml-stylesheet?>` processing instructions.

    ## Why is this bad?
    The deck is one self-contained HTML file and a PDF: external files are missing offline,
    and remote ones leak the viewer's address to a third party.

    ## Example
    ```xml
    <image href="https://example.com/logo.png"/>
    ```

    ## Use instead
    Draw it in the SVG, or embed a small raster as a `data:image/png;base64,…` URL.

    ## Options
    - `assets_dir`: as for DK510.
    """
    yield from _hazards(deck, ctx, {"external-href": "external link",
                                    "css-import": "CSS @import", "css-url": "external CSS url()",
                                    "processing-instruction": "processing instruction"})


@rule("DK514", "svg-foreign-object", Severity.ERROR, tags=TAGS, options=ASSETS_OPTION)
def svg_foreign_object(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG contains `<foreignObject>` (embedded HTML).

    ## What it does
    Reports each `<foreignObject>` element.

    ## Why is this bad?
    It embeds HTML (iframes, forms, images with handlers) into the page, and CairoSVG — used
    for the contact sheet — cannot draw it, so the diagram differs between outputs.

    ## Example
    ```xml
    <foreignObject width="200" height="50"><div xmlns="http://www.w3.org/1999/xhtml">
    Label</div></foreignObject>
    ```

    ## Use instead
    ```xml
    <text x="10" y="30" font-size="22">Label</text>
    ```

    ## Options
    - `assets_dir`: as for DK510.
    """
    yield from _hazards(deck, ctx, {"foreign-object": "<foreignObject> with HTML content"})
