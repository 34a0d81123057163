"""The MarkdownIt instance Marp uses, as one visible chain.

marp-core runs markdown-it in CommonMark mode with ``breaks`` and ``linkify`` on, GFM
tables and strikethrough, HTML allowed through its own allow-list (so raw HTML is parsed
as HTML tokens, and the renderer decides what survives), YAML front matter, and Marpit's
comment plugin. Parsing and rendering use this same instance.
"""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from .comments import comment_plugin


def _linkify_available() -> bool:
    try:
        import linkify_it  # noqa: F401
    except ImportError:  # optional: bare URLs then stay text
        return False
    return True


@lru_cache(maxsize=None)
def markdown() -> MarkdownIt:
    md = (
        MarkdownIt("commonmark", {"breaks": True, "html": True, "linkify": _linkify_available()})
        .enable(["table", "strikethrough"])
        .use(front_matter_plugin)
        .use(comment_plugin)
    )
    if md.options["linkify"]:
        md.enable("linkify")
    return md
