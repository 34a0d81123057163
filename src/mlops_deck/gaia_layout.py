"""A quick estimate of how tall a slide's content is in Marp's gaia theme, from its markdown
tokens — no browser. Used by the SVG geometry rule (DK517) to say how much height an image
may take; the rendered overflow check (DK6xx, real Chromium) confirms it.

Facts (``/work/shared/spec/gaia-invert.md``): 720 px slide, 70 px padding (a 580 px content
box), 35 px base font, line-height 1.35, h1–h6 at 1.8/1.5/1.3/1.1/1.0/0.9 em with a 0.5 em top
margin, paragraphs/blockquotes/pre/tables 1 em top margin, list items 0.3 em, the first block
0. Measured in this machine's Chromium on marp-cli's HTML (slide 3 of the deck with a 300 px
placeholder image): h1 85.05 px, the image paragraph 313.25 px (the image sits on the baseline
with 13.25 px below it), the list 35 + 47.25 + 10.5 + 47.25 px — lines mixing Latin (the locally
installed Lato) and Japanese (Noto Sans CJK JP) stay 1.35 em. Character widths are estimated
(ASCII from Lato's advance widths, CJK and ambiguous-width characters 1 em, others 0.6 em, plus
1.25 px letter spacing) to count wrapped lines. Only this module knows these numbers, so
correct them here.

The deck's own CSS (``style`` directive, ``<style>`` blocks) changes some of these values; what
the estimate understands of it is read by :mod:`mlops_deck.gaia_styles`, which also says when a
slide's CSS is beyond it. This module sits next to :mod:`model` so that lint and render can
both use it.
"""
from __future__ import annotations

import math
import unicodedata
from typing import Any, Callable, Iterable

from .gaia_styles import BASE, Styles

LINE = 1.35
IMAGE_DESCENT = 13.25 / 35  # em below an inline image on its baseline (measured in Chromium)
PADDING = 70.0
CONTENT_WIDTH = 1140.0
LIST_INDENT = 40.0
LETTER_SPACING = 1.25
CODE_MAX = 580 - BASE  # marp-core auto-scaling caps a code block at 580 px - 1 em

ImageHeight = Callable[[str], "float | None"]  # image src -> displayed height (None: not in flow)


def content_height(slide_height: float = 720.0) -> float:
    return slide_height - 2 * PADDING


# Lato Regular advance widths (1/1000 em) of ASCII 32–126: Chromium uses the installed Lato
# here (measured: a list line of mixed text 1092.9 px wide; Lato+Noto predicts 1098).
_ASCII = [int(x) for x in """
256 269 370 580 580 802 712 204 267 267 425 580 227 372 236 452 580 580 580 580 580 580 580 580
580 580 250 262 580 580 580 448 836 677 646 668 760 578 566 730 764 280 422 662 514 928 764 800
600 800 626 542 590 736 677 1036 649 624 602 306 452 306 580 459 400 497 560 478 560 528 350 520
558 240 240 508 236 822 558 567 560 560 364 433 358 558 516 786 498 516 452 301 250 301 580
""".split()]


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _em(ch: str) -> float:
    if 32 <= ord(ch) <= 126:
        return _ASCII[ord(ch) - 32] / 1000
    return 1.0 if _is_wide(ch) or unicodedata.east_asian_width(ch) == "A" else 0.6


def _text_width(text: str, size: float, code: bool = False) -> float:
    if code:
        return sum(size * (1.0 if _is_wide(c) else 0.6) for c in text)
    return sum(size * _em(c) + LETTER_SPACING for c in text)


def _line_height(size: float, text: str) -> float:
    return size * LINE  # measured: lines mixing Lato and Noto Sans CJK JP stay 1.35 em


def _inline(token: Any, size: float, width: float, images: ImageHeight) -> float:
    """Height of one inline run: its hard/soft breaks (Marp sets ``breaks: true``) split it
    into source lines, each wrapped at ``width``; a line holding images is image-tall."""
    lines: list[list[Any]] = [[]]
    for child in token.children or ():
        if child.type in ("softbreak", "hardbreak"):
            lines.append([])
        else:
            lines[-1].append(child)
    total = 0.0
    for parts in lines:
        text = "".join(c.content for c in parts if c.type in ("text", "code_inline"))
        heights = [images(c.attrGet("src") or "") for c in parts if c.type == "image"]
        shown = [h for h in heights if h is not None]
        if not text.strip() and heights and not shown:
            continue  # only background images: Marp takes them out of the flow
        width_used = sum(_text_width(c.content, size * (0.8 if c.type == "code_inline" else 1),
                                     c.type == "code_inline") for c in parts
                         if c.type in ("text", "code_inline"))
        text_lines = max(1, math.ceil(width_used / width)) if text.strip() else 0
        line_h = _line_height(size, text)
        if shown:
            total += max(shown) + size * IMAGE_DESCENT + max(0, text_lines - 1) * line_h
        else:
            total += text_lines * line_h
    return total


def estimate_blocks(tokens: Iterable[Any], images: ImageHeight,
                    styles: Styles = Styles()) -> list[tuple[str, float]]:
    """``(kind, height)`` of each top-level block, top margins included (0 for the first)."""
    blocks: list[tuple[str, float]] = []
    tokens = list(tokens)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.nesting != 1 and tok.type not in ("fence", "code_block"):
            i += 1
            continue
        end = _close(tokens, i)
        kind, height, margin = _block(tokens[i:end + 1], images, styles)
        if height > 0:
            blocks.append((kind, height + (margin if blocks else 0.0)))
        i = end + 1
    return blocks


def estimate_height(tokens: Iterable[Any], images: ImageHeight,
                    styles: Styles = Styles()) -> float:
    """Estimated height of a slide's content (the 580 px box holds what fits)."""
    return sum(h for _, h in estimate_blocks(tokens, images, styles))


def _close(tokens: list[Any], start: int) -> int:
    if tokens[start].nesting != 1:
        return start
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _image_only(inline: Any) -> bool:
    """A paragraph whose only element is one image (CSS ``p:has(> img:only-child)``)."""
    kids = [c for c in inline.children or () if not (c.type == "text" and not c.content.strip())]
    return len(kids) == 1 and kids[0].type == "image"


def _code(tok: Any, styles: Styles) -> float:
    size = BASE * styles.code_em
    lines = max(1, len(tok.content.rstrip("\n").split("\n")))
    return min(lines * size * styles.code_line + size, CODE_MAX)  # + 0.5 em padding each side


def _block(toks: list[Any], images: ImageHeight, styles: Styles) -> tuple[str, float, float]:
    first = toks[0]
    if first.type == "heading_open":
        level = int(first.tag[1:])
        size = BASE * styles.heading_em[level - 1]
        return "heading", _inline(toks[1], size, CONTENT_WIDTH, images), size * 0.5
    if first.type == "paragraph_open":
        size = BASE * styles.p_em
        margin = styles.image_p_margin_em if _image_only(toks[1]) else 1.0
        return "paragraph", _inline(toks[1], size, CONTENT_WIDTH, images), size * margin
    if first.type in ("fence", "code_block"):
        return "code", _code(first, styles), BASE
    if first.type in ("bullet_list_open", "ordered_list_open"):
        return "list", _list(toks, images, styles), BASE
    if first.type == "table_open":
        rows = sum(1 for t in toks if t.type == "tr_open")
        return "table", rows * (BASE * LINE + 0.4 * BASE + 1), BASE
    if first.type == "blockquote_open":
        inner = estimate_blocks(toks[1:-1], images, styles)
        return "blockquote", sum(h for _, h in inner), BASE
    return first.type, 0.0, 0.0


def _list(toks: list[Any], images: ImageHeight, styles: Styles) -> float:
    size = BASE * styles.li_em
    total = 0.0
    depth = 0
    items = 0
    for tok in toks:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "list_item_open":
            total += 0.3 * size if items else 0.0  # the first collapses into the list's margin
            items += 1
        elif tok.type == "paragraph_open" and not tok.hidden:
            total += 0.6 * size
        elif tok.type == "inline":
            total += _inline(tok, size, CONTENT_WIDTH - LIST_INDENT * depth, images)
        elif tok.type in ("fence", "code_block"):
            total += _code(tok, styles) + BASE
    return total
