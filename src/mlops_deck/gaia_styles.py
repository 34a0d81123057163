"""The few CSS values the gaia layout estimate (:mod:`mlops_deck.gaia_layout`) depends on,
read from a deck's own CSS: the ``style`` directive, ``<style>`` blocks (deck-wide) and
``<style scoped>`` blocks (their slide).

Only simple rules are understood — ``[section[.class]] h1…h6 | p | li | pre code |
p:has(> img:only-child) { font-size; margin-top; line-height }`` — plus properties that do not
move anything vertically (colour, alignment, weight…). Anything else that could change the
layout is listed in :attr:`Styles.unknown`, so callers can leave such slides to the rendered
measurement instead of trusting a wrong estimate.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

BASE = 35.0
NEUTRAL = frozenset({
    "color", "background", "background-color", "background-image", "text-align",
    "font-weight", "font-style", "font-family", "text-decoration", "border-color", "opacity",
    "letter-spacing", "word-spacing", "text-shadow", "box-shadow", "outline", "cursor",
    "list-style-type", "list-style", "text-transform", "fill", "stroke", "border-radius",
    "vertical-align", "white-space", "overflow-wrap", "word-break", "justify-content",
    "align-items", "place-content", "transition", "filter"})
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_STYLE_TAG = re.compile(r"<style(\s[^>]*)?>(.*?)</style>", re.S | re.I)


@dataclass(frozen=True)
class Styles:
    """Font sizes in em of the 35 px base; margins in em of the element's own font size."""

    heading_em: tuple[float, ...] = (1.8, 1.5, 1.3, 1.1, 1.0, 0.9)
    p_em: float = 1.0
    li_em: float = 1.0
    code_em: float = 0.7  # gaia's `pre code`
    code_line: float = 1.35  # inherited from the section
    image_p_margin_em: float = 1.0  # a paragraph holding only an image
    unknown: tuple[str, ...] = field(default=())  # "selector { property }" not modelled


def _length_em(value: str, font_px: float) -> float | None:
    """A CSS length as em of ``font_px`` (em, %, px, or a unitless number)."""
    m = re.fullmatch(r"\s*(-?(?:\d+\.?\d*|\.\d+))(em|rem|%|px)?\s*(!important)?\s*", value)
    if not m:
        return None
    number, unit = float(m.group(1)), m.group(2) or ""
    if unit == "px":
        return number / font_px
    if unit == "rem":
        return number * BASE / font_px  # rem is the root's 16 px in a browser, but Marp
    return number / 100 if unit == "%" else number  # scales the section; close enough


def _target(selector: str, classes: set[str]) -> str | None:
    """The element a selector styles, normalised ('h1', 'li', 'p', 'p-image', 'pre code',
    'section'), '' when it does not apply to this slide, None when not understood."""
    sel = " ".join(selector.replace(">", " > ").split())
    m = re.match(r"^section((?:\.[\w-]+)*)(?:\s+|$)(.*)$", sel)
    if m:
        if any(c not in classes for c in m.group(1).split(".")[1:]):
            return ""
        sel = m.group(2) or "section"
    sel = sel.replace(" ", "")
    if sel in ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "section"):
        return sel
    if sel in ("ul>li", "ol>li", "ulli", "olli"):
        return "li"
    if sel in ("precode", "pre>code"):
        return "pre code"
    if sel in ("p:has(>img:only-child)", "p:has(>img)"):
        return "p-image"
    return None


def _apply(styles: Styles, target: str, name: str, value: str) -> Styles | None:
    """``styles`` with one declaration applied, or None when it is not modelled."""
    if target.startswith("h") and target != "h" and name == "font-size":
        level = int(target[1])
        em = _length_em(value, BASE)
        if em is None:
            return None
        sizes = list(styles.heading_em)
        sizes[level - 1] = em
        return replace(styles, heading_em=tuple(sizes))
    simple = {("li", "font-size"): "li_em", ("p", "font-size"): "p_em",
              ("pre code", "font-size"): "code_em", ("p-image", "margin-top"): "image_p_margin_em"}
    if (target, name) in simple:
        em = _length_em(value, BASE)
        return None if em is None else replace(styles, **{simple[(target, name)]: em})
    if (target, name) == ("pre code", "line-height"):
        em = _length_em(value, BASE * styles.code_em)
        return None if em is None else replace(styles, code_line=em)
    return None


def apply_css(styles: Styles, css: str, classes: set[str]) -> Styles:
    """``styles`` after the rules of ``css`` that apply to a slide with ``classes``."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    unknown = list(styles.unknown)
    for selectors, body in _RULE.findall(css):
        decls = [d.split(":", 1) for d in body.split(";") if ":" in d]
        for selector in selectors.split(","):
            target = _target(selector.strip(), classes)
            if target == "":
                continue
            for name, value in decls:
                name = name.strip().lower()
                if name in NEUTRAL:
                    continue
                new = _apply(styles, target, name, value) if target else None
                if new is None:
                    unknown.append(f"{selector.strip()} {{ {name} }}")
                else:
                    styles = new
    return replace(styles, unknown=tuple(unknown))


def style_blocks(tokens: Any) -> list[tuple[bool, str]]:
    """``(scoped, css)`` of every ``<style>`` element in a slide's tokens."""
    out = []
    for tok in tokens:
        texts = [tok.content] if tok.type.startswith("html") else [
            c.content for c in (tok.children or ()) if c.type == "html_inline"]
        for text in texts:
            for attrs, css in _STYLE_TAG.findall(text):
                out.append(("scoped" in (attrs or "").lower(), css))
    return out


def deck_css(deck: Any) -> str:
    """The CSS every slide gets: the ``style`` directive and unscoped ``<style>`` blocks."""
    parts = [str(deck.global_settings.get("style") or "")]
    for slide in deck.slides:
        parts += [css for scoped, css in style_blocks(slide.tokens) if not scoped]
    return "\n".join(parts)


def slide_styles(deck: Any, slide: Any, shared_css: str | None = None) -> Styles:
    """What the estimate should assume for ``slide``: the deck-wide CSS (``shared_css``, from
    :func:`deck_css`, computed here when not given), then the slide's scoped blocks."""
    classes = set((slide.css_class or "").split())
    css = deck_css(deck) if shared_css is None else shared_css
    styles = apply_css(Styles(), css, classes)
    for scoped, block in style_blocks(slide.tokens):
        if scoped:
            styles = apply_css(styles, block, classes)
    return styles
