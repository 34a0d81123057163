"""From one slide's markdown-it tokens to model objects: headings, code, images, comments.

This is the only place that turns markdown-it's 0-based ``[begin, end)`` maps into
1-based :class:`Span` objects.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it.token import Token

from ..model import CodeBlock, Comment, CommentKind, Heading, ImageRef, Span
from .images import parse_alt
from .inline import html_img_tags, reparsed_alt, visible_text


def span_of(token: Token, lines: tuple[str, ...]) -> Span:
    begin, end = token.map or (0, 1)
    last = max(begin, end - 1)
    end_col = len(lines[last]) + 1 if last < len(lines) else 1
    return Span(begin + 1, _indent_col(lines, begin), last + 1, end_col)


def _indent_col(lines: tuple[str, ...], index: int) -> int:
    if index >= len(lines):
        return 1
    line = lines[index]
    return len(line) - len(line.lstrip(" \t")) + 1


def headings(tokens: list[Token], lines: tuple[str, ...]) -> list[Heading]:
    found = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens):
            inline = tokens[i + 1]
            fit = any(c.type == "marpit_comment" and c.content == "fit"
                      for c in inline.children or [])
            found.append(Heading(int(token.tag[1]), visible_text(inline),
                                 span_of(token, lines), fit))
    return found


def code_blocks(tokens: list[Token], lines: tuple[str, ...]) -> list[CodeBlock]:
    blocks = []
    for token in tokens:
        if token.type not in ("fence", "code_block"):
            continue
        fenced = token.type == "fence"
        info = token.info.strip() if fenced else ""
        lang = info.split()[0] if info else None
        blocks.append(CodeBlock(lang, info, token.content, span_of(token, lines), fenced,
                                _fence_closed(token, lines) if fenced else True))
    return blocks


def _fence_closed(token: Token, lines: tuple[str, ...]) -> bool:
    begin, end = token.map or (0, 0)
    if end - begin < 2 or end - 1 >= len(lines):
        return False
    last = lines[end - 1].lstrip(" \t>").strip()  # a fence in a quote closes with `> ```…`
    char = token.markup[:1]
    return bool(char) and last.startswith(token.markup) and set(last) == {char}


def images(tokens: list[Token], lines: tuple[str, ...], base: Path) -> list[ImageRef]:
    found: list[ImageRef] = []
    depth = 0
    for token in tokens:
        depth += 1 if token.type == "list_item_open" else -1 if token.type == "list_item_close" else 0
        if token.type != "inline" or not token.children:
            continue
        cursor = _Cursor(lines, token.map)
        for child in _walk(token.children):
            if child.type == "image":
                found.append(_image(child, cursor, base, depth > 0))
    return found


def _walk(children: list[Token]):
    for child in children:
        yield child
        if child.children and child.type != "image":
            yield from _walk(child.children)


class _Cursor:
    """Finds successive occurrences of ``needle`` (``![`` or ``<img``, any case) inside a
    block's source lines: the 1-based (line, column) of the next one."""

    def __init__(self, lines: tuple[str, ...], block_map, needle: str = "!["):
        self.lines, (self.line, self.end) = lines, (block_map or (0, 1))
        self.col, self.needle = 0, needle

    def next_image(self) -> tuple[int, int]:
        while self.line < min(self.end, len(self.lines)):
            at = self.lines[self.line].lower().find(self.needle, self.col)
            if at >= 0:
                self.col = at + len(self.needle)
                return self.line + 1, at + 1
            self.line, self.col = self.line + 1, 0
        return (self.end or 1), 1


def _image(token: Token, cursor: _Cursor, base: Path, in_list: bool) -> ImageRef:
    line, col = cursor.next_image()
    src = token.attrGet("src") or ""
    opts = parse_alt(token.content)
    background = opts.background
    return ImageRef(
        src=str(src), alt=_alt(token, opts), raw_alt=token.content,
        keywords=tuple(opts.keywords),
        span=Span(line, col),
        width=opts.width if background else _applied_length(opts.width),
        height=opts.height if background else _applied_length(opts.height),
        background=background,
        background_size=_background_size(opts) if background else None,
        split=opts.split, split_size=opts.split_size, direction=opts.direction,
        filters=tuple(opts.filters), path=resolve_local(str(src), base),
        in_list_item=in_list, title=token.attrGet("title"))


def _alt(token: Token, opts) -> str:
    """A background's caption is the unconsumed words as written; an inline image's alt is
    markdown-it's plain text of their inline parse (re-parsed by Marpit when it consumed
    keywords; either way without the text join, so entities and escapes drop out)."""
    return opts.alt if opts.background else reparsed_alt(opts.alt)


def html_images(tokens: list[Token], lines: tuple[str, ...], base: Path) -> list[ImageRef]:
    """`<img>` tags written as raw HTML (marp-core's HTML allow-list keeps them)."""
    found: list[ImageRef] = []
    for token in tokens:
        if token.type == "html_block":
            found += _html_images([token.content], _Cursor(lines, token.map, "<img"), base)
        elif token.type == "inline" and token.children:
            html = [c.content for c in token.children if c.type == "html_inline"]
            found += _html_images(html, _Cursor(lines, token.map, "<img"), base)
    return found


def _html_images(pieces: list[str], cursor: _Cursor, base: Path) -> list[ImageRef]:
    found = []
    for attrs in (tag for piece in pieces for tag in html_img_tags(piece)):
        line, col = cursor.next_image()
        src, alt = attrs.get("src") or "", attrs.get("alt") or ""
        found.append(ImageRef(src=src, alt=alt, raw_alt=alt, keywords=(), span=Span(line, col),
                              title=attrs.get("title"), path=resolve_local(src, base),
                              html=True))
    return found


def _applied_length(value: str | None) -> str | None:
    """Marpit reads ``w:40%`` but never applies a percentage to an inline image."""
    return None if value is None or value.endswith("%") else value


def _background_size(opts) -> str | None:
    """The figure's ``background-size``, computed as Marpit's background plugin does."""
    size = opts.size or opts.background_size
    if size not in ("contain", "cover") and (opts.width or opts.height):
        return f"{opts.width or size or 'auto'} {opts.height or size or 'auto'}"
    return size


def resolve_local(src: str, base: Path) -> Path | None:
    """The file a relative or file: URL names, resolved against the deck's folder."""
    parts = urlsplit(src)
    if parts.scheme not in ("", "file") or parts.netloc or src.startswith("//"):
        return None
    if not parts.path:
        return None
    path = Path(unquote(parts.path))
    # URLs resolve `..` lexically (as the browser does for marp-cli), so normalise the same way
    return Path(os.path.normpath(path if path.is_absolute() else base / path))


def comment_of(token: Token, inline: Token | None, lines: tuple[str, ...],
               kind: CommentKind, parsed, yaml_error: str | None = None) -> Comment:
    if inline is None:
        span = span_of(token, lines)
        at = lines[span.line - 1].find("<!--") if span.line <= len(lines) else -1
        if at >= 0:  # after any `>` or list marker the comment sits behind
            span = Span(span.line, at + 1, span.end_line, span.end_col)
    else:
        line, col = _locate_inline_comment(token, inline, lines)
        span = Span(line, col)
    return Comment(token.content, kind, span, inline is not None,
                   parsed if isinstance(parsed, dict) else None, yaml_error)


def _locate_inline_comment(token: Token, inline: Token, lines: tuple[str, ...]) -> tuple[int, int]:
    """Source line and column of an inline comment, from its offset in the inline content.

    The inline content keeps the block's line breaks (only container prefixes such as `> `
    and indentation are gone), so the offset gives the line; the column is that of the same
    occurrence of the comment's text on the source line."""
    begin, end = inline.map or (0, 1)
    offset = (token.meta or {}).get("offset")
    needle = token.markup.split("\n", 1)[0]
    if offset is None:
        return begin + 1, 1
    before = inline.content[:offset]
    row = begin + before.count("\n")
    nth = before[before.rfind("\n") + 1:].count(needle)
    if row < min(end, len(lines)):
        at = -1
        for _ in range(nth + 1):
            at = lines[row].find(needle, at + 1)
            if at < 0:
                break
        if at >= 0:
            return row + 1, at + 1
    return row + 1, 1
