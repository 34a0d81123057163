"""The whole deck as one self-contained HTML document.

:func:`render_deck` is the public entry point (used by build, preview and the overflow
check). Slides follow Marp's markup (``section.py``), bodies come from the shared
markdown-it tokens (``markup.py``), the page skeleton and runtime come from the theme
folder (``theme.py``), fonts are embedded subsets (``fonts.py``) and images are data URIs
or copies (``images.py``). Nothing in the output loads from the network.
"""
from __future__ import annotations

import hashlib
import html as html_lib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.common.utils import escapeHtml

from ..model import Deck, Slide
from ..parse.markdown import markdown
from .cache import DiskCache
from .css import ROOT, scope_css
from .fonts import UsedText, embed_fonts, font_face_css, font_file_name
from .images import AssetStore
from .markup import SlideContext, SlideRenderer
from .page import render_page
from .section import SectionParts, slide_svg
from .slug import Slugger
from .theme import BASE_THEME, Theme, available_themes, load_theme


@dataclass(frozen=True)
class RenderOptions:
    theme: str | None = None  # theme folder name; None = the deck's `theme` directive
    embed: bool = True  # images and fonts inside the HTML; False = files next to it
    html: bool = False  # let raw HTML through unfiltered (marp-cli's --html)
    strip_notes: bool = False  # leave speaker notes out of the file
    source_lines: bool = False  # data-line="N" on blocks and images (overflow, preview)
    progress: bool = False  # progress bar at the bottom while presenting
    fonts: bool = True  # embed font subsets
    project_root: Path | None = None  # nothing outside it is read; default: found from deck
    cache_dir: Path | None = None  # default $MLOPS_DECK_CACHE_DIR or <project>/.mlops-deck-cache
    extra_head: str = ""  # trusted markup for the end of <head> (e.g. the preview client)


@dataclass
class RenderedDeck:
    html: str
    files: dict[str, bytes] = field(default_factory=dict)  # relpath -> bytes (no-embed)
    missing_images: list[str] = field(default_factory=list)  # reasons, for reports
    theme: str = ""
    fonts: list[str] = field(default_factory=list)  # embedded faces, e.g. "Lato 400"
    slides: list[str] = field(default_factory=list)  # each slide's <svg>, as in `html`


PROJECT_MARKERS = (".git", "pyproject.toml", ".mlops-deck.yaml")


def find_project_root(deck_path: Path) -> Path:
    """The nearest folder above the deck holding a project marker; else the current folder
    when the deck is inside it; else the deck's own folder. Images outside it are refused."""
    start = deck_path.resolve().parent
    for folder in (start, *start.parents):
        if any((folder / m).exists() for m in PROJECT_MARKERS):
            return folder
    cwd = Path.cwd().resolve()
    return cwd if start.is_relative_to(cwd) else start


def theme_name(deck: Deck, options: RenderOptions, root: Path | None = None) -> str:
    """``--theme``, else the deck's ``theme`` directive (when a theme folder has that name:
    themes are ours, not only Marp's built-ins), else gaia."""
    if options.theme:
        return options.theme
    if deck.theme:
        return deck.theme
    written = [d.value for d in deck.directives if d.name == "theme" and d.scope.value == "global"]
    if written and isinstance(written[-1], str) and written[-1] in available_themes(root):
        return written[-1]
    return BASE_THEME


def render_deck(deck: Deck, options: RenderOptions) -> str:
    """The whole HTML document for ``deck``."""
    return render_document(deck, options).html


def render_document(deck: Deck, options: RenderOptions) -> RenderedDeck:
    root = Path(options.project_root) if options.project_root else find_project_root(deck.path)
    theme = load_theme(theme_name(deck, options, root), root)
    cache_dir = options.cache_dir or Path(os.environ.get("MLOPS_DECK_CACHE_DIR") or
                                          root / ".mlops-deck-cache")
    cache = DiskCache(cache_dir)
    assets = AssetStore(deck.base_dir.resolve(), root.resolve(), options.embed, cache)
    if options.fonts:
        from .svgfonts import SvgFonts

        images = [i.path for s in deck.slides for i in (*s.images, *s.html_images) if i.path]
        assets.svg_fonts = SvgFonts(cache_dir, lambda: assets.local_svgs(images))
    slides, css = _render_slides(deck, theme, assets, options, cache)
    used = UsedText(*_used_text(slides, deck, options))
    faces = embed_fonts(theme.fonts, used, cache_dir) if options.fonts else []
    files = dict(assets.files)
    urls = {}
    if not options.embed:
        for i, face in enumerate(faces):
            urls[i] = font_file_name(face)
            files[urls[i]] = face.woff2
    page = render_page(theme, deck, options, slides=slides, title=deck_title(deck),
                       lang=deck_lang(deck), font_css=font_face_css(faces, urls),
                       deck_css=css, notes=[] if options.strip_notes else _notes(deck))
    return RenderedDeck(page, files, [f"{p.src}: {p.reason}" for p in assets.problems],
                        theme.name, list(dict.fromkeys(f"{f.family} {f.weight}" for f in faces)),
                        list(slides))


def _render_slides(deck: Deck, theme: Theme, assets: AssetStore, options: RenderOptions,
                   cache: DiskCache) -> tuple[list[str], str]:
    md = markdown()
    renderer = SlideRenderer(md)
    slugger = Slugger(len(deck.slides))
    lang = deck_lang(deck)
    width, height = deck.size  # the `size` directive (Marp: the theme's @size presets)
    css_parts = [scope_css(f"section{{width:{width}px;height:{height}px}}")]
    if deck.global_settings.get("style"):
        css_parts.append(scope_css(str(deck.global_settings["style"])))
    out = []
    for slide in deck.slides:
        ctx = SlideContext(assets, slugger, options.html, options.source_lines,
                           iter(slide.images), cache=cache)
        body = renderer.render_slide(list(slide.tokens), md.options, ctx)
        parts = SectionParts(body, _inline(renderer, md, slide.header, ctx),
                             _inline(renderer, md, slide.footer, ctx), ctx.backgrounds,
                             line=slide.span.line if options.source_lines else None,
                             fragments=ctx.fragments)
        css_parts += [scope_css(c) for c in ctx.global_css]
        if ctx.scoped_css:
            parts.scope = _scope_attr(slide)
            css_parts += [scope_css(c, f"{ROOT}[{parts.scope}]") for c in ctx.scoped_css]
        out.append(slide_svg(slide, deck, parts, theme.name, lang,
                             lambda url: assets.resolve(url).url))
    return out, "\n".join(css_parts)


def _inline(renderer: SlideRenderer, md, text: str | None, ctx: SlideContext) -> str | None:
    if not text:
        return None
    saved = ctx.images, ctx.source_lines
    ctx.images, ctx.source_lines = iter(()), False
    try:
        return renderer.render(md.parseInline(text, {}), md.options, {"slide": ctx})
    finally:
        ctx.images, ctx.source_lines = saved


def _scope_attr(slide: Slide) -> str:
    digest = hashlib.sha1(f"{slide.index}:{slide.span.line}".encode()).hexdigest()[:8]
    return f"data-marpit-scope-{digest}"


def _notes(deck: Deck) -> list[tuple[int, list[str]]]:
    return [(s.index - 1, [escapeHtml(n.text) for n in s.notes]) for s in deck.slides if s.notes]


_TAG = re.compile(r"<[^>]*>")
_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)


def _used_text(slides: list[str], deck: Deck, options: RenderOptions) -> tuple[str, str]:
    """(text, code) characters the fonts must cover: slides, page numbers, notes."""
    markup = "".join(slides)
    code = "".join(m.group(0) for m in _CODE.finditer(markup))
    text = html_lib.unescape(_TAG.sub("", _CODE.sub("", markup)))
    extras = "0123456789/“”" + deck_title(deck)
    if not options.strip_notes:
        extras += "".join(n.text for s in deck.slides for n in s.notes)
    return text + extras, html_lib.unescape(_TAG.sub("", code))


def deck_title(deck: Deck) -> str:
    title = deck.global_settings.get("title")
    if title:
        return str(title)
    return next((s.title for s in deck.slides if s.title), deck.path.stem)


def deck_lang(deck: Deck) -> str:
    """The `lang` directive, else the process locale (marp-cli does the same: "C" here)."""
    if deck.global_settings.get("lang"):
        return str(deck.global_settings["lang"])
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return value.split(".")[0].replace("_", "-")
    return "C"
