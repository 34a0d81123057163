"""DK106-DK110 Markdown that Marp renders differently than it reads: `- 1. text`, an image
line glued to a list, image keywords Marp does not know, HTML it escapes, and text right
above `---` that turns the separator into a heading underline.

Everything is read from the slide's markdown-it tokens (0-based ``map``), never re-parsed.
"""
from __future__ import annotations

import re
from typing import Iterator

from ...diagnostics import Severity
from ...model import Deck, ImageRef, Slide, Span
from ..registry import Finding, Fix, RuleContext, rule
from .structure import line_spans

TAGS = ("structure", "marp")
_ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])([ \t]+|$)")

# marp-core 4.4.0's default HTML allow-list (lib/marp.js): element -> extra attributes. Every
# element also keeps class, dir, lang and title. Other elements are escaped (shown as text),
# other attributes (style, on*, id…) are dropped. `<style>` is taken by Marpit beforehand.
_GLOBAL_ATTRS = {"class", "dir", "lang", "title"}
_TABLE = {"align", "valign"}
HTML_ALLOWED: dict[str, set[str]] = {
    **{tag: set() for tag in (
        "abbr address article aside b bdi bdo big br caption center cite code dd div dl dt em "
        "figcaption figure h1 h2 h3 h4 h5 h6 hr i kbd mark nav p picture pre rp rt ruby s "
        "section small span sub summary sup strong strike u ul wbr").split()},
    "a": {"href", "name", "rel", "target"},
    "audio": {"autoplay", "controls", "loop", "muted", "preload", "src"},
    "blockquote": {"cite"}, "q": {"cite"}, "details": {"open"},
    "col": {*_TABLE, "span", "width"}, "colgroup": {*_TABLE, "span", "width"},
    "del": {"cite", "datetime"}, "ins": {"cite", "datetime"}, "time": {"datetime"},
    "img": {"align", "alt", "decoding", "height", "loading", "src", "srcset", "title", "width"},
    "li": {"type", "value"}, "ol": {"reversed", "start", "type"},
    "source": {"height", "media", "sizes", "src", "srcset", "type", "width"},
    "table": {*_TABLE, "width", "border"}, "tbody": _TABLE, "tfoot": _TABLE, "thead": _TABLE,
    "td": {*_TABLE, "width", "rowspan", "colspan"}, "th": {*_TABLE, "width", "rowspan", "colspan"},
    "tr": {*_TABLE, "rowspan"},
    "video": {"autoplay", "controls", "loop", "muted", "playsinline", "poster", "preload",
              "src", "height", "width"},
}
_TAG = re.compile(r"<(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|"
                  r"'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>")
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")


def _line_col(deck: Deck, line0: int) -> Span:
    text = deck.lines[line0] if line0 < len(deck.lines) else ""
    return Span(line0 + 1, len(text) - len(text.lstrip()) + 1)


@rule("DK106", "bullet-holding-ordered-list", Severity.WARNING, tags=TAGS, fixable=True)
@line_spans
def bullet_holding_ordered_list(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a list line written as `- 1. text`: a bullet whose content is an ordered list.

    ## Why is this bad?
    CommonMark reads `- 1. text` as a bullet holding a nested `<ol start="1">`, so the slide
    shows a bullet *and* a number on every line, indented twice.

    ## Example
    ```markdown
    - 1. MLOps basics
    - 2. Data management
    ```

    ## Use instead
    ```markdown
    1. MLOps basics
    2. Data management
    ```

    ## Fix safety
    Safe: the fix removes the bullet marker and keeps the number. A `*` bullet (a Marp
    fragmented list) becomes a `1)` number, which keeps the items appearing one by one.
    """
    for slide in deck.slides:
        tokens = slide.tokens
        for item, inner in zip(tokens, tokens[1:]):
            if not (item.type == "list_item_open" and item.markup in ("-", "*", "+")
                    and inner.type == "ordered_list_open" and item.map and inner.map
                    and item.map[0] == inner.map[0]):
                continue
            line0 = item.map[0]
            yield Finding(_line_col(deck, line0), "`- 1.` renders as a bullet holding a nested "
                          "numbered list; write `1.` without the bullet", slide.index,
                          _unbullet(deck.lines[line0], item.markup, line0 + 1))


def _unbullet(line: str, bullet: str, number: int) -> Fix | None:
    m = re.match(r"^(\s*)[-*+][ \t]+(\d{1,9})([.)])([ \t]+)", line)
    if not m:
        return None
    delim = ")" if bullet == "*" else m.group(3)
    rest = line[m.end():]
    return Fix(number, number, f"{m.group(1)}{m.group(2)}{delim}{m.group(4)}{rest}")


def _enclosing_items(slide: Slide) -> list:
    return [t for t in slide.tokens if t.type == "list_item_open" and t.map]


@rule("DK107", "image-in-last-bullet", Severity.WARNING, tags=TAGS, fixable=True)
def image_in_last_bullet(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports an image line written directly under a list item (no blank line, not indented).

    ## Why is this bad?
    Markdown continues the last list item lazily: the image becomes part of that bullet's
    paragraph, is indented with it and sits after a line break, so a wide diagram is pushed
    right and often runs off the slide bottom.

    ## Example
    ```markdown
    - Quick Model previews accuracy
    ![w:800](diagram.svg)
    ```

    ## Use instead
    ```markdown
    - Quick Model previews accuracy

    ![w:800](diagram.svg)
    ```

    ## Fix safety
    Safe: the fix inserts a blank line before the image line, which ends the list.
    """
    for slide in deck.slides:
        items = _enclosing_items(slide)
        for image in slide.images:
            if not image.in_list_item:
                continue
            item = _item_of(items, image)
            if item is None or item.map[0] + 1 == image.span.line:
                continue
            m = _ITEM.match(deck.lines[item.map[0]])
            line = deck.lines[image.span.line - 1]
            indent = len(line) - len(line.lstrip())
            if m and indent < len(m.group(0)) and line.lstrip().startswith("!["):
                yield Finding(image.span, "image line right after a list item renders inside "
                              "the last bullet; put a blank line before it", slide.index,
                              Fix(image.span.line, image.span.line - 1, "\n"))


def _item_of(items: list, image: ImageRef):
    inside = [t for t in items if t.map[0] < image.span.line <= t.map[1]]
    return max(inside, key=lambda t: t.map[0]) if inside else None


_NO_KEYWORD = {"center": "Marp has no `center` image keyword",
               "centre": "Marp has no `centre` image keyword",
               "middle": "Marp has no `middle` image keyword",
               "top": "Marp has no `top` image keyword", "bottom": "Marp has no `bottom` image keyword"}
_BG_ONLY = ("left", "right", "fit", "contain", "cover", "auto", "vertical", "horizontal")
_SIZE_TYPO = re.compile(r"^(w|h|width|height)\s*(=|:)?\s*\d.*$", re.IGNORECASE)


def alt_problem(image: ImageRef) -> str | None:
    """What is wrong with the alt text Marp leaves, or None."""
    words = image.alt.split()
    if not words:
        return None if image.background else "image has no alt text"
    for word in words:
        if _SIZE_TYPO.match(word):
            return f"`{word}` is not a Marp size keyword (write `w:800` or `width:800px`)"
    lowered = [w.lower() for w in words]
    if not all(w in _NO_KEYWORD or w in _BG_ONLY for w in lowered):
        return None
    word = lowered[0]
    why = _NO_KEYWORD.get(word) or (f"`{word}` is a keyword for background images only "
                                    f"(`![bg {word}]`)")
    if image.background:
        why = f"`{word}` is not a background keyword here"
    return f"{why}: it becomes the alt text \"{image.alt}\" and changes nothing"


@rule("DK108", "image-alt-text", Severity.WARNING, tags=TAGS, aliases=("image-keyword",))
def image_alt_text(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports an inline image whose alt text, after Marp has consumed its keywords, is empty,
    or is only words that look like Marp keywords but are not: `center`, `left` on an
    inline image, `width=800`.

    ## Why is this bad?
    Marp has no inline centring keyword: `![w:800 center](x.svg)` draws the image at the
    left and sets its alt text to "center", which is all a screen reader (or a reader of
    the PDF when the image is missing) gets. An empty alt text describes nothing.
    Background images (`![bg](…)`) may have no alt text.

    ## Example
    ```markdown
    ![w:800 center](pipeline.svg)
    ```

    ## Use instead
    ```markdown
    ![w:800 Training pipeline: data, train, evaluate, deploy](pipeline.svg)
    ```
    """
    for slide in deck.slides:
        for image in slide.images:
            problem = alt_problem(image)
            if problem:
                yield Finding(image.span, problem, slide.index)


# Point spans (no @line_spans): an HTML <img> is also where DK501 reports, with a point.
@rule("DK109", "stripped-html", Severity.WARNING, tags=TAGS, options={"allowed_elements": ()})
def stripped_html(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports raw HTML that Marp Core does not allow by default: an element outside its
    allow-list (it is escaped and shown as literal text) and an attribute it drops
    (`style`, `id`, `onclick`… on an allowed element).

    ## Why is this bad?
    marp-cli without `--html` filters HTML: `<font color="red">` appears on the slide as the
    text `<font color="red">`, and `<div style="…">` loses its style without a warning.

    ## Example
    ```markdown
    <span style="color:red">Important</span>
    ```

    ## Use instead
    ```markdown
    <mark>Important</mark>
    ```
    (or a `<style scoped>` rule for a class: `<span class="warn">…</span>`)

    ## Options
    - `allowed_elements` (list, default `[]`): elements your marp-cli config allows too.
    """
    extra = {e.lower() for e in ctx.option("allowed_elements", ())}
    for slide in deck.slides:
        for raw, line0 in _html_pieces(slide):
            for found in _TAG.finditer(raw):
                problem = _html_problem(found, extra)
                if problem:
                    yield Finding(_span_in(deck, line0, found.group(0)), problem, slide.index)


def _html_pieces(slide: Slide) -> Iterator[tuple[str, int]]:
    for token in slide.tokens:
        if token.type == "html_block" and token.map:
            if not token.content.lstrip().lower().startswith("<style"):
                yield token.content, token.map[0]
        elif token.type == "inline" and token.children and token.map:
            for child in token.children:
                if child.type == "html_inline":
                    yield child.content, token.map[0]


def _html_problem(found: re.Match, extra: set[str]) -> str | None:
    name = found.group("name").lower()
    if name in extra or name == "style":
        return None
    if name not in HTML_ALLOWED:
        return f"`<{name}>` is not in Marp's HTML allow-list: it is shown as literal text"
    allowed = _GLOBAL_ATTRS | HTML_ALLOWED[name]
    dropped = [a for a in (m.group(1).lower() for m in _ATTR.finditer(found.group("attrs")))
               if a not in allowed]
    if dropped:
        return f"Marp drops the attribute `{dropped[0]}` of `<{name}>` (not in its allow-list)"
    return None


def _span_in(deck: Deck, line0: int, text: str) -> Span:
    first = text.split("\n", 1)[0]
    for n in range(line0, min(line0 + 200, len(deck.lines))):
        at = deck.lines[n].find(first)
        if at >= 0:
            return Span(n + 1, at + 1)
    return Span(line0 + 1, 1)


@rule("DK110", "setext-heading-separator", Severity.WARNING, tags=TAGS, fixable=True)
@line_spans
def setext_heading_separator(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a `---` written directly under a line of text, where Markdown reads it as a
    setext heading underline instead of a slide separator.

    ## Why is this bad?
    The text above becomes an `<h2>` and the two slides are merged into one: everything of
    the next slide is appended below, usually off the bottom of the slide.

    ## Example
    ```markdown
    Data is versioned with DVC.
    ---
    # Next slide
    ```

    ## Use instead
    ```markdown
    Data is versioned with DVC.

    ---
    # Next slide
    ```

    ## Fix safety
    Safe: the fix inserts a blank line before the `---`, which makes it a separator.
    """
    for slide in deck.slides:
        for token in slide.tokens:
            if token.type != "heading_open" or token.markup != "-" or not token.map:
                continue
            underline = token.map[1]  # 1-based number of the last line of the heading
            text = deck.lines[underline - 1] if underline <= len(deck.lines) else ""
            if re.fullmatch(r" {0,3}-{3,}\s*", text):
                yield Finding(Span(underline, 1), "text directly above `---` makes it a heading "
                              "underline, not a slide break; add a blank line before it",
                              slide.index, Fix(underline, underline - 1, "\n"))
