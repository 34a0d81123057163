"""One slide's Marp markup: ``<svg data-marpit-svg><foreignObject><section …>``.

Facts followed (marp-cli 4.5.1, see the shared spec):

- every directive in effect on the slide becomes ``data-<kebab>`` plus ``--<kebab>`` in the
  section's inline style (false/empty values are left out); ``class`` sets the class;
- ``data-marpit-pagination`` / ``-total`` only when a page number is shown;
- ``<header>`` is the first child and ``<footer>`` the last;
- background images (``bg``) use Marpit's "advanced backgrounds": a background layer, the
  content layer (narrowed for ``bg left/right``) and a pseudo layer, three
  ``foreignObject``\\ s in the same ``svg``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from markdown_it.common.utils import escapeHtml

from ..model import Deck, ImageRef, Slide

DATA_LOCALS = ("class", "paginate", "header", "footer", "backgroundColor", "backgroundImage",
               "backgroundPosition", "backgroundRepeat", "backgroundSize", "color")
DATA_GLOBALS = ("headingDivider", "lang", "style")  # Marpit's globals (theme comes first)
_BACKGROUND_DEFAULTS = {"backgroundPosition": "center", "backgroundRepeat": "no-repeat",
                        "backgroundSize": "cover"}  # Marpit's, when backgroundImage is set
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)")
_CSS_OF = {"backgroundColor": "background-color", "backgroundImage": "background-image",
           "backgroundPosition": "background-position", "backgroundRepeat": "background-repeat",
           "backgroundSize": "background-size", "color": "color"}


def kebab(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)


@dataclass
class SectionParts:
    """What the renderer produced for one slide."""

    body: str
    header: str | None
    footer: str | None
    backgrounds: list[tuple[ImageRef, str]]
    scope: str | None = None  # data-marpit-scope-… attribute name for <style scoped>
    fragments: int = 0  # count of fragmented list items
    line: int | None = None  # first source line (data-line on the section)


def directive_values(slide: Slide, theme: str) -> list[tuple[str, str]]:
    settings = slide.settings
    pairs = []
    for key in DATA_LOCALS:
        value = settings.get(key)
        if value not in (None, False, ""):
            pairs.append((key, "true" if value is True else str(value)))
    if theme:
        pairs.append(("theme", theme))
    for key in DATA_GLOBALS:
        value = settings.get(key)
        if value not in (None, False, ""):
            pairs.append((key, _js_string(value)))
    return pairs


def _js_string(value) -> str:
    """A directive value as JavaScript's String() writes it (arrays join with commas)."""
    if isinstance(value, (list, tuple)):
        return ",".join(_js_string(v) for v in value)
    return "true" if value is True else str(value)


def section_attrs(slide: Slide, theme: str, lang: str,
                  extra_style: str = "", resolve_url=None) -> tuple[str, str]:
    """(attributes without ``id``/``style``, inline style) for the slide's section."""
    pairs = directive_values(slide, theme)
    attrs = "".join(f' data-{kebab(k)}="{escapeHtml(v)}"' for k, v in pairs)
    attrs += f' lang="{escapeHtml(lang)}"'
    if slide.css_class:
        attrs += f' class="{escapeHtml(slide.css_class)}"'
    style = "".join(f"--{kebab(k)}:{v};" for k, v in pairs)
    style += _real_css(slide.settings, resolve_url) + extra_style
    return attrs, style


def _real_css(settings: dict, resolve_url=None) -> str:
    if settings.get("backgroundImage"):
        settings = {**_BACKGROUND_DEFAULTS, **{k: v for k, v in settings.items() if v}}
        if resolve_url:  # the output loads nothing remote or outside the project
            image = _URL.sub(lambda m: f'url("{resolve_url(m.group(2))}")',
                             str(settings["backgroundImage"]))
            settings["backgroundImage"] = image
    css = "".join(f"{_CSS_OF[k]}:{settings[k]};" for k in _CSS_OF if settings.get(k))
    if settings.get("backgroundColor") and not settings.get("backgroundImage"):
        css += "background-image:none;"  # the theme's own background would cover the colour
    return css


def _pagination(slide: Slide) -> tuple[str, str]:
    if slide.page_number is None:
        return "", ""
    return (f' data-marpit-pagination="{slide.page_number}"',
            f' data-marpit-pagination-total="{slide.page_total}"')


def transition_attrs(slide: Slide, previous: Slide | None) -> str:
    """marp-cli's bespoke transitions: JSON of this slide's transition, and of the previous
    slide's as ``data-transition-back`` (used when paging backwards)."""
    def as_json(value) -> str | None:
        if not value or not isinstance(value, str):
            return None
        name, _, duration = value.strip().partition(" ")
        data: dict = {"name": name}
        if duration.strip():
            data["duration"] = duration.strip()
        if name != "none":
            data["builtinFallback"] = True
        return escapeHtml(json.dumps(data, separators=(",", ":")))

    this = as_json(slide.settings.get("transition"))
    back = as_json(previous.settings.get("transition")) if previous else None
    out = f' data-transition-back="{back}"' if back else ""
    return out + (f' data-transition="{this}"' if this else "")


def slide_svg(slide: Slide, deck: Deck, parts: SectionParts, theme: str, lang: str,
              resolve_url=None) -> str:
    width, height = deck.size
    size = f' data-size="{escapeHtml(str(deck.global_settings["size"]))}"' \
        if deck.global_settings.get("size") else ""
    page, total = _pagination(slide)
    split = _split(parts.backgrounds)
    bg_style = f"--marpit-advanced-background-split:{split[1]};" if split and split[1] else ""
    attrs, style = section_attrs(slide, theme, lang, bg_style, resolve_url)
    if parts.fragments:
        attrs = f' data-marpit-fragments="{parts.fragments}"' + attrs
    previous = deck.slides[slide.index - 2] if slide.index > 1 else None
    scope = f' {parts.scope}=""' if parts.scope else ""
    line = f' data-line="{parts.line}"' if parts.line else ""
    head = f"<header>{parts.header}</header>\n" if parts.header is not None else ""
    foot = f"<footer>{parts.footer}</footer>\n" if parts.footer is not None else ""
    common = (f'{attrs}{page} style="{escapeHtml(style)}"{total}{size}'
              f'{transition_attrs(slide, previous)}')
    svg = f'<svg data-marpit-svg="" viewBox="0 0 {width} {height}">'
    fo = f'<foreignObject width="{width}" height="{height}">'
    content = f'{scope}{line}>\n{head}{parts.body}{foot}</section></foreignObject>'
    if not parts.backgrounds:
        return f'{svg}{fo}<section id="{slide.index}"{common}{content}</svg>'
    split_attr = f' data-marpit-advanced-background-split="{split[0]}"' if split else ""
    background = (f'{fo}<section{common} data-marpit-advanced-background="background"'
                  f'{split_attr}>{_figures(parts.backgrounds)}</section></foreignObject>')
    content_fo = _content_foreign_object(width, height, split)
    pseudo = (f'<foreignObject width="{width}" height="{height}" '
              f'data-marpit-advanced-background="pseudo"><section{attrs}{page} style=""{total}'
              f'{size} data-marpit-advanced-background="pseudo"{split_attr}></section>'
              f'</foreignObject>')
    return (f'{svg}{background}{content_fo}<section id="{slide.index}"{common}'
            f' data-marpit-advanced-background="content"{split_attr}{content}{pseudo}</svg>')


def _split(backgrounds: list[tuple[ImageRef, str]]) -> tuple[str, str | None] | None:
    for ref, _ in backgrounds:
        if ref.split:
            return ref.split, ref.split_size or "50%"
    return None


def _content_foreign_object(width: int, height: int, split) -> str:
    if not split:
        return f'<foreignObject width="{width}" height="{height}">'
    side, size = split
    rest = f"{100 - float(size.rstrip('%')):g}%"
    x = f' x="{size}"' if side == "left" else ""
    return f'<foreignObject width="{rest}" height="{height}"{x}>'


def _figures(backgrounds: list[tuple[ImageRef, str]]) -> str:
    direction = "vertical" if any(r.direction == "vertical" for r, _ in backgrounds) \
        else "horizontal"
    figures = []
    for ref, url in backgrounds:
        style = f'background-image:url("{url}");'
        if ref.background_size and ref.background_size != "cover":
            style += f"background-size:{ref.background_size};"
        if ref.filters:
            style += "filter:" + " ".join(f"{n}({v})" for n, v in ref.filters) + ";"
        caption = f"<figcaption>{escapeHtml(ref.alt)}</figcaption>" if ref.alt else ""
        figures.append(f'<figure style="{escapeHtml(style)}">{caption}</figure>')
    return (f'<div data-marpit-advanced-background-container="true" '
            f'data-marpit-advanced-background-direction="{direction}">{"".join(figures)}</div>')
