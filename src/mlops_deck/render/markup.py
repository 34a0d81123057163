"""Slide body HTML: markdown-it's HTML renderer plus Marp's overrides, kept in one table.

The shared MarkdownIt instance (:func:`mlops_deck.parse.markdown.markdown`) parses; this
renderer turns one slide's tokens into HTML the way marp-core does. Tokens are shared with
lint and never mutated: overrides write their own markup instead.

:data:`RENDER_OVERRIDES` maps a token type to ``fn(renderer, tokens, idx, options, env)``.
``env["slide"]`` is the :class:`SlideContext` of the slide being rendered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Any, Callable, Iterator

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from ..model import ImageRef, Span
from ..parse.images import parse_alt
from .highlight import highlight
from .htmlfilter import filter_html
from .cache import DiskCache
from .images import AssetStore
from .slug import Slugger

_STYLE_BLOCK = re.compile(r"^\s*<style(\s+scoped)?\s*>(.*?)</style>\s*$", re.S | re.I)
FRAGMENT_MARKERS = ("*", ")")
_SLUG_TYPES = ("text", "code_inline", "image", "html_inline")  # what marp-core slugs
_LINED = {"paragraph_open", "heading_open", "bullet_list_open", "ordered_list_open",
          "list_item_open", "blockquote_open", "table_open", "tr_open", "hr"}


@dataclass
class SlideContext:
    """What the overrides need to know about the slide being rendered."""

    assets: AssetStore
    slugger: Slugger
    html: bool = False  # raw HTML passes unfiltered (`--html`)
    source_lines: bool = False  # put data-line="N" on blocks and images
    images: Iterator[ImageRef] = field(default_factory=lambda: iter(()))
    backgrounds: list[tuple[ImageRef, str]] = field(default_factory=list)  # (ref, url)
    global_css: list[str] = field(default_factory=list)
    scoped_css: list[str] = field(default_factory=list)
    cache: DiskCache | None = None  # highlighted code blocks
    fragments: int = 0  # list items shown one by one (data-marpit-fragment)


def _ctx(env: dict) -> SlideContext:
    return env["slide"]


def _line_attr(ctx: SlideContext, token: Token) -> str:
    if not ctx.source_lines or not token.map:
        return ""
    return f' data-line="{token.map[0] + 1}"'


def _add_attrs(html: str, tag: str, extra: str) -> str:
    """Insert ``extra`` attributes right after the opening ``<tag``."""
    if not extra:
        return html
    at = html.find(f"<{tag}")
    return html if at < 0 else html[:at + len(tag) + 1] + extra + html[at + len(tag) + 1:]


def block_open(r, tokens, idx, options, env) -> str:
    token, ctx = tokens[idx], _ctx(env)
    extra = _line_attr(ctx, token)
    if token.type == "list_item_open" and token.markup in FRAGMENT_MARKERS:
        ctx.fragments += 1  # Marpit's fragmented list: `*` bullets, `1)` numbers
        extra = f' data-marpit-fragment="{ctx.fragments}"' + extra
    return _add_attrs(r.renderToken(tokens, idx, options, env), token.tag, extra)


def heading_open(r, tokens, idx, options, env) -> str:
    ctx, token = _ctx(env), tokens[idx]
    inline = tokens[idx + 1] if idx + 1 < len(tokens) else None
    children = (inline.children or []) if inline else []
    text = "".join(c.content for c in children if not c.hidden and c.type in _SLUG_TYPES)
    fit = any(c.type == "marpit_comment" and c.content == "fit" for c in children)
    attrs = f' is="marp-{token.tag}" data-auto-scaling' if fit else ""
    attrs += f' id="{escapeHtml(ctx.slugger.slug(text))}"'
    return f"<{token.tag}{attrs}{_line_attr(ctx, token)}>"


def fence(r, tokens, idx, options, env) -> str:
    token = tokens[idx]
    info = token.info.strip() if token.type == "fence" else ""
    lang = info.split()[0] if info else ""
    body = highlight(token.content, lang, _ctx(env).cache) if lang else None
    body = body if body is not None else escapeHtml(token.content)
    cls = f' class="language-{escapeHtml(lang)}"' if lang else ""
    return (f'<pre is="marp-pre" data-auto-scaling="downscale-only"'
            f'{_line_attr(_ctx(env), token)}><code{cls}>{body}</code></pre>\n')


def image(r, tokens, idx, options, env) -> str:
    ctx, token = _ctx(env), tokens[idx]
    ref = _image_ref(ctx, token)
    resolved = ctx.assets.resolve(ref.src)
    if ref.background:
        ctx.backgrounds.append((ref, resolved.url))
        return ""
    attrs = f' src="{escapeHtml(resolved.url)}" alt="{escapeHtml(ref.alt)}"'
    if ref.title:
        attrs += f' title="{escapeHtml(ref.title)}"'
    style = inline_image_style(ref)
    if style:
        attrs += f' style="{escapeHtml(style)}"'
    if not resolved.ok:
        attrs += f' data-broken-image="{escapeHtml(ref.src)}"'
    if ctx.source_lines:
        attrs += f' data-line="{ref.span.line}"'
    return f"<img{attrs} />"


def _image_ref(ctx: SlideContext, token: Token) -> ImageRef:
    """The parser's ImageRef for this token (both walk the slide in source order), or one
    made from the token when they disagree (e.g. images in header/footer directives)."""
    src = token.attrGet("src") or ""
    ref = next(ctx.images, None)
    if ref is not None and ref.src == src and ref.raw_alt == token.content:
        return ref
    o = parse_alt(token.content)
    return ImageRef(src=str(src), alt=o.alt, raw_alt=token.content, keywords=tuple(o.keywords),
                    span=ref.span if ref else Span(1), width=o.width, height=o.height,
                    background=o.background, background_size=o.background_size or (
                        o.size if o.background else None),
                    split=o.split, split_size=o.split_size, direction=o.direction,
                    filters=tuple(o.filters), title=token.attrGet("title"))


def inline_image_style(ref: ImageRef) -> str:
    style = ""
    if ref.width:
        style += f"width:{ref.width};"
    if ref.height:
        style += f"height:{ref.height};"
    if ref.filters:
        style += "filter:" + " ".join(f"{n}({v})" for n, v in ref.filters) + ";"
    return style


def html_block(r, tokens, idx, options, env) -> str:
    ctx, content = _ctx(env), tokens[idx].content
    style = _STYLE_BLOCK.match(content)
    if style:  # Marpit always turns <style> into deck CSS, with or without --html
        (ctx.scoped_css if style.group(1) else ctx.global_css).append(style.group(2))
        return ""
    return content if ctx.html else filter_html(content, _media_url(ctx))


def html_inline(r, tokens, idx, options, env) -> str:
    ctx = _ctx(env)
    content = tokens[idx].content
    return content if ctx.html else filter_html(content, _media_url(ctx))


def _media_url(ctx: SlideContext) -> Callable[[str], str]:
    return lambda url: ctx.assets.resolve(url).url


def nothing(r, tokens, idx, options, env) -> str:
    return ""


RENDER_OVERRIDES: MappingProxyType[str, Callable[..., str]] = MappingProxyType({
    **{name: block_open for name in _LINED},
    "heading_open": heading_open,
    "fence": fence,
    "code_block": fence,
    "image": image,
    "html_block": html_block,
    "html_inline": html_inline,
    "marpit_comment": nothing,
})


class SlideRenderer(RendererHTML):
    """markdown-it's HTML renderer with :data:`RENDER_OVERRIDES` installed."""

    def __init__(self, parser: Any = None) -> None:
        super().__init__(parser)
        for name, fn in RENDER_OVERRIDES.items():
            self.rules[name] = partial(fn, self)

    def render_slide(self, tokens: list[Token], options: Any, ctx: SlideContext) -> str:
        return self.render(sweep(tokens), options, {"slide": ctx})


def _is_background(child: Token) -> bool:
    return child.type == "image" and parse_alt(child.content).background


def _blank(child: Token) -> bool:
    return (child.type in ("softbreak", "hardbreak", "marpit_comment")
            or (child.type == "text" and not child.content.strip()))


def sweep(tokens: list[Token]) -> list[Token]:
    """Drop paragraphs left empty once background images leave them (Marpit's sweep)."""
    out: list[Token] = []
    skip = 0
    for i, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        if (token.type == "paragraph_open" and i + 2 < len(tokens)
                and tokens[i + 1].type == "inline" and tokens[i + 2].type == "paragraph_close"):
            children = tokens[i + 1].children or []
            if any(_is_background(c) for c in children) and all(
                    _is_background(c) or _blank(c) for c in children):
                _consume_backgrounds(children, out)
                skip = 2
                continue
        out.append(token)
    return out


def _consume_backgrounds(children: list[Token], out: list[Token]) -> None:
    """Keep the background images of a swept paragraph as bare inline tokens."""
    inline = Token("inline", "", 0, children=[c for c in children if c.type == "image"])
    out.append(inline)
