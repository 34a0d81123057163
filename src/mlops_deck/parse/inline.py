"""Inline tokens as Marp renders them: heading text, image alt text, swept inlines, and
`<img>` tags written as raw HTML.

Each function mirrors one piece of markdown-it / Marpit so that what the model says equals
what marp-cli's HTML shows (checked by tests/test_parity.py).
"""
from __future__ import annotations

from html.parser import HTMLParser

from markdown_it.token import Token

from .images import parse_alt
from .markdown import markdown


def visible_text(token: Token | None) -> str:
    """The text content of a rendered inline token (what a heading shows), stripped.

    Images, raw HTML tags and comments render no text; a line break renders "\\n"."""
    if token is None:
        return ""
    if not token.children:
        return token.content.strip()
    out: list[str] = []
    for child in _flatten(token.children):
        if child.type in ("text", "text_special", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out).strip()


def _flatten(children: list[Token]):
    for child in children:
        yield child
        if child.children and child.type != "image":
            yield from _flatten(child.children)


def alt_text(tokens: list[Token] | None) -> str:
    """markdown-it's ``renderInlineAsText`` (the JS one: inline code and entities, which
    stay ``text_special`` inside an image label, are dropped)."""
    out: list[str] = []
    for token in tokens or []:
        if token.type == "text":
            out.append(token.content)
        elif token.type == "image":
            out.append(alt_text(token.children))
        elif token.type in ("html_inline", "html_block"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def reparsed_alt(kept: str) -> str:
    """Marpit re-parses the alt words it did not consume (``md.inline.parse``)."""
    md = markdown()
    return alt_text(md.inline.parse(kept, md, {}, []))


def is_swept(inline: Token) -> bool:
    """Marpit's sweep: an inline whose visible children are all blank text is hidden, and
    the comments inside it are never collected as notes (e.g. a table cell holding only a
    comment, or `![bg](x) <!-- c -->`: background images are hidden too)."""
    for child in inline.children or []:
        hidden = child.type == "marpit_comment" or (
            child.type == "image" and parse_alt(child.content).background)
        if hidden or child.type == "softbreak":
            continue
        if child.type != "text" or child.content.strip():
            return False
    return True


class _ImgTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.found.append(dict(attrs))

    handle_startendtag = handle_starttag


def html_img_tags(html: str) -> list[dict[str, str | None]]:
    """Attributes of every `<img>` tag in a piece of raw HTML."""
    if "<img" not in html.lower():
        return []
    parser = _ImgTags()
    parser.feed(html)
    parser.close()
    return parser.found
