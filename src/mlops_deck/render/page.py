"""The page skeleton: the theme's Jinja template filled with slides, CSS, notes and JS."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

if TYPE_CHECKING:
    from ..model import Deck
    from .theme import Theme

TEMPLATE = "deck.html.j2"


@lru_cache(maxsize=8)
def _environment(search_path: tuple) -> Environment:
    return Environment(loader=FileSystemLoader([str(p) for p in search_path]),
                       autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)


def _safe_in_tag(text: str, tag: str) -> Markup:
    """CSS/JS placed inside <style>/<script>: only the closing tag sequence must go."""
    return Markup(text.replace(f"</{tag}", f"<\\/{tag}"))


def render_page(theme: "Theme", deck: "Deck", options, *, slides: list[str], title: str,
                lang: str, font_css: str, deck_css: str,
                notes: list[tuple[int, list[str]]]) -> str:
    template = _environment(theme.template_dir).get_template(TEMPLATE)
    width, height = deck.size
    return template.render(
        title=title, lang=lang, width=width, height=height, total=len(slides),
        slides=[Markup(s) for s in slides],
        notes=[(i, [Markup(p) for p in paras]) for i, paras in notes],
        font_css=_safe_in_tag(font_css, "style"), theme_css=_safe_in_tag(theme.css, "style"),
        deck_css=_safe_in_tag(deck_css, "style"),
        bespoke_css=_safe_in_tag(theme.bespoke_css, "style"),
        bespoke_js=_safe_in_tag(theme.bespoke_js, "script"),
        progress=options.progress, theme_name=theme.name,
        extra_head=Markup(options.extra_head))
