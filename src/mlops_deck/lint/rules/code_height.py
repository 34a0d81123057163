"""DK306 code blocks taller than the room left on their slide, at the deck's code size.

Facts of Marp Core's gaia theme (shared/spec/gaia-invert.md §1, §3, §4): 35 px text with
line height 1.35, 70 px padding (a 580 px content box at 720 px), `pre` with a 1 em top
margin, `pre code` at 0.7 em with 0.5 em padding, h1-h6 at 1.8/1.5/1.3/1.1/1.0/0.9 em,
list items with a 0.3 em top margin, paragraphs 1 em. The deck's `style` directive and
`<style>` elements may override the code size and line height (this deck: 0.58 em, 1.4).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ...diagnostics import Severity
from ...model import CodeBlock, Deck, Slide
from ..registry import Finding, RuleContext, rule
from .structure import line_spans

BASE_PX, LINE_HEIGHT, PADDING_PX = 35.0, 1.35, 70.0
HEADING_EM = {1: 1.8, 2: 1.5, 3: 1.3, 4: 1.1, 5: 1.0, 6: 0.9}
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_DECL = re.compile(r"(font-size|line-height)\s*:\s*([\d.]+)\s*(em|px|%|rem)?", re.IGNORECASE)


@dataclass(frozen=True)
class CodeMetrics:
    font_px: float  # code font size
    line_px: float  # one line of code

    @property
    def padding_px(self) -> float:  # 0.5 em top and bottom
        return self.font_px


def css_rules(css_texts: list[str]) -> Iterator[tuple[str, dict[str, tuple[float, str]]]]:
    """(selector, {property: (number, unit)}) for font-size and line-height declarations."""
    for css in css_texts:
        for selectors, body in _RULE.findall(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
            decls = {p.lower(): (float(n), u.lower()) for p, n, u in _DECL.findall(body)}
            if decls:
                for selector in selectors.split(","):
                    yield selector.strip(), decls


def _applies(selector: str, classes: set[str], strict: bool) -> bool:
    """`section.lead h1` applies to lead slides only; with ``strict``, a selector naming any
    other class (whose elements we cannot see) does not apply."""
    named = {c for group in re.findall(r"section((?:\.[\w-]+)+)", selector)
             for c in group.split(".") if c}
    rest = re.sub(r"section(?:\.[\w-]+)+", "", selector)
    return named <= classes and not (strict and re.search(r"[.#:\[]", rest))


def _target(selector: str) -> str:
    last = re.split(r"[\s>+~]+", selector.strip())[-1]
    return re.match(r"[a-z0-9]*", last.lower()).group()


def _em(value: float, unit: str) -> float:
    return {"px": value / BASE_PX, "%": value / 100}.get(unit, value)


def code_metrics(css_texts: list[str], classes: set[str] = frozenset()) -> CodeMetrics:
    """The code size after the theme and the `pre code` rules that apply (the last wins)."""
    font_em, line = 0.7, None
    for selector, decls in css_rules(css_texts):
        if _target(selector) == "code" and re.search(r"\bpre\b", selector) \
                and _applies(selector, classes, strict=True):
            font_em = _em(*decls["font-size"]) if "font-size" in decls else font_em
            line = decls.get("line-height", line)
    font_px = font_em * BASE_PX
    if line is None:
        return CodeMetrics(font_px, font_px * LINE_HEIGHT)
    value, unit = line
    per_line = {"px": value, "em": value * font_px, "%": value / 100 * font_px}.get(
        unit, value * font_px)
    return CodeMetrics(font_px, per_line)


def text_sizes(css_texts: list[str], classes: set[str]) -> dict[str, float]:
    """Font size (em of the slide's base) of list items, paragraphs and headings: the
    smallest any applicable rule may give, so the room left for code is never underrated."""
    sizes = {"li": 1.0, "p": 1.0, **{f"h{n}": em for n, em in HEADING_EM.items()}}
    for selector, decls in css_rules(css_texts):
        tag = _target(selector)
        if tag in sizes and "font-size" in decls and _applies(selector, classes, strict=False):
            sizes[tag] = min(sizes[tag], _em(*decls["font-size"]))
    return sizes


def _style_elements(slide: Slide) -> Iterator[tuple[bool, str]]:
    """(scoped, css) of every `<style>` element on the slide."""
    for token in slide.tokens:
        if token.type == "html_block" and token.content.lstrip().lower().startswith("<style"):
            scoped = "scoped" in token.content.split(">", 1)[0]
            yield scoped, re.sub(r"</?style[^>]*>", "", token.content)


def _deck_styles(deck: Deck) -> list[str]:
    """The `style` directive and every unscoped `<style>` (they apply to all slides)."""
    styles = [str(deck.global_settings.get("style") or "")]
    styles += [css for s in deck.slides for scoped, css in _style_elements(s) if not scoped]
    return styles


def height_above(slide: Slide, code: CodeBlock, sizes: dict[str, float]) -> float:
    """A lower bound of what the slide shows above ``code``: headings, one line per list item
    and paragraph line, with their top margins (no wrapping, so never too much)."""
    used, first = 0.0, True
    for token in slide.tokens:
        if token.type in ("fence", "code_block") and token.map \
                and token.map[0] + 1 >= code.span.line:
            break
        if token.type == "heading_open":
            em = sizes.get(token.tag, 1.0)
            used += (0 if first else em * BASE_PX * 0.5) + em * BASE_PX * LINE_HEIGHT
        elif token.type == "list_item_open":
            em = sizes["li"]
            used += (0 if first else 0.3 * em * BASE_PX) + em * BASE_PX * LINE_HEIGHT
        elif token.type == "paragraph_open" and token.level == 0 and token.map:
            em, lines = sizes["p"], token.map[1] - token.map[0]
            used += (0 if first else em * BASE_PX) + lines * em * BASE_PX * LINE_HEIGHT
        elif token.type in ("fence", "code_block"):
            used += (0 if first else BASE_PX) + BASE_PX * LINE_HEIGHT  # at least a line
        else:
            continue
        first = False
    return used + (0 if first else BASE_PX)  # the pre's own 1 em top margin


@rule("DK306", "code-block-too-tall", Severity.WARNING, tags=("code", "layout"),
      options={"max_lines": 0})
@line_spans
def code_block_too_tall(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a code block with more lines than fit in the room its slide leaves for it, at
    the deck's code font size and line height (theme default, `style` directive and
    `<style>` elements). The room is the 580 px content box of a gaia slide minus what is
    above the block, counted without line wrapping (so the estimate errs on the quiet side).
    The sizes are the gaia theme's; for another theme set `max_lines`.

    ## Why is this bad?
    Marp does not shrink code vertically: a block taller than the slide runs over the
    footer and is clipped at the slide's bottom edge. With this deck's 0.58 em code and
    line height 1.4 (28.4 px a line), about 15 lines fit under a one-line title.

    ## Example
    A 21-line `python` block under a title and two bullets.

    ## Use instead
    Show the few lines that matter (`...` for the rest), or split the code over two
    slides, or reduce the code size for that slide with `<style scoped>`.

    ## Options
    - `max_lines` (integer, default `0`): a fixed limit of code lines per block instead of
      the computed one (`0` computes it).
    """
    fixed = int(ctx.option("max_lines", 0))
    height = deck.size[1] - 2 * PADDING_PX
    shared = None
    for slide in deck.slides:
        if not slide.code_blocks:
            continue
        classes = set((slide.css_class or "").split())
        shared = _deck_styles(deck) if shared is None else shared
        styles = shared + [css for scoped, css in _style_elements(slide) if scoped]
        metrics, sizes = code_metrics(styles, classes), text_sizes(styles, classes)
        for code in slide.code_blocks:
            room = height - height_above(slide, code, sizes) - metrics.padding_px
            fits = fixed or max(int(room // metrics.line_px), 0)
            if code.line_count > fits:
                where = f"limit {fixed}" if fixed else (
                    f"about {fits} fit below the content above it at "
                    f"{metrics.font_px:.1f} px code ({metrics.line_px:.1f} px a line)")
                yield Finding(code.span,  # the block's whole region, as DK301 reports it
                              f"code block has {code.line_count} lines; {where}",
                              slide.index)
