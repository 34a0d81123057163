"""The public JSON view of a parsed deck (``mlops-deck inspect``). Its keys are a contract."""
from __future__ import annotations

import json
from typing import Any

from .model import Deck, ImageRef, Slide
from .parse.yaml_failsafe import as_json_value

LOCAL_KEYS = ("backgroundColor", "backgroundImage", "backgroundPosition", "backgroundRepeat",
              "backgroundSize", "class", "color", "footer", "header", "paginate", "transition")


def deck_view(deck: Deck) -> dict[str, Any]:
    return {
        "path": str(deck.path),
        "slide_count": len(deck.slides),
        "size": list(deck.size),
        "theme": deck.theme,
        "global_directives": as_json_value(deck.global_settings),
        "problems": [{"code": p.code, "message": p.message, "line": p.span.line}
                     for p in deck.problems],
        "slides": [slide_view(s) for s in deck.slides],
    }


def slide_view(slide: Slide) -> dict[str, Any]:
    return {
        "index": slide.index,
        "line": slide.span.line,
        "end_line": slide.span.end_line,
        "title": slide.title,
        "class": slide.css_class,
        "paginate": slide.paginate,
        "page_number": slide.page_number,
        "page_total": slide.page_total,
        "header": slide.header,
        "footer": slide.footer,
        "directives": as_json_value({k: v for k, v in slide.settings.items() if k in LOCAL_KEYS}),
        "notes": [n.text for n in slide.notes],
        "images": [image_view(i) for i in slide.images],
        "html_images": [image_view(i) for i in slide.html_images],
        "code_blocks": [{"lang": c.lang, "info": c.info, "line": c.span.line,
                         "end_line": c.span.end_line, "line_count": c.line_count}
                        for c in slide.code_blocks],
    }


def image_view(image: ImageRef) -> dict[str, Any]:
    return {
        "src": image.src, "alt": image.alt, "line": image.span.line, "column": image.span.col,
        "width": image.width, "height": image.height, "background": image.background,
        "keywords": list(image.keywords), "in_list_item": image.in_list_item,
        "title": image.title, "filter": image_filter(image),
        "background_size": image.background_size, "split": image.split,
        "split_size": image.split_size, "direction": image.direction, "html": image.html,
    }


def image_filter(image: ImageRef) -> str | None:
    """The CSS ``filter`` value Marp writes for the image's filter keywords."""
    return " ".join(f"{name}({value})" for name, value in image.filters) or None


def deck_json(deck: Deck) -> str:
    return json.dumps(deck_view(deck), ensure_ascii=False, indent=2)


def deck_text(deck: Deck) -> str:
    out = [f"{deck.path}: {len(deck.slides)} slides, {deck.size[0]}x{deck.size[1]}, "
           f"theme {deck.theme or '(default)'}"]
    for s in deck.slides:
        page = f"p{s.page_number}/{s.page_total}" if s.page_number else "p-"
        out.append(f"{s.index:4} L{s.span.line:<5} {page:9} [{s.css_class or ''}] "
                   f"{s.title or '(no title)'}  notes:{len(s.notes)} images:{len(s.images)} "
                   f"code:{len(s.code_blocks)}")
    for p in deck.problems:
        out.append(f"{deck.path}:{p.span.line}: {p.message}")
    return "\n".join(out)
