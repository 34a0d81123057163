"""Code highlighting with Pygments, written with highlight.js class names.

Marp highlights with highlight.js and themes colour its ``hljs-*`` classes, so emitting the
same class names lets any Marp theme's code colours apply unchanged. A block without a
language, or with one Pygments does not know, stays plain text (as in Marp).
"""
from __future__ import annotations

from functools import lru_cache

import pygments
from markdown_it.common.utils import escapeHtml
from pygments.token import (Comment, Generic, Keyword, Literal, Name, Number, Operator,
                            String, Token)

from .cache import DiskCache, code_version, key_of

# Most specific first: the first Pygments type the token is a subtype of wins.
HLJS_CLASSES: tuple[tuple[object, str], ...] = (
    (Keyword.Constant, "hljs-literal"),
    (Keyword.Type, "hljs-type"),
    (Keyword, "hljs-keyword"),
    (Operator.Word, "hljs-keyword"),
    (Name.Builtin.Pseudo, "hljs-variable language_"),
    (Name.Builtin, "hljs-built_in"),
    (Name.Function, "hljs-title function_"),
    (Name.Class, "hljs-title class_"),
    (Name.Decorator, "hljs-meta"),
    (Name.Tag, "hljs-name"),
    (Name.Attribute, "hljs-attr"),
    (Name.Variable, "hljs-variable"),
    (Name.Namespace, ""),
    (String.Escape, "hljs-subst"),
    (String.Regex, "hljs-regexp"),
    (String.Symbol, "hljs-symbol"),
    (String, "hljs-string"),
    (Number, "hljs-number"),
    (Literal, "hljs-literal"),
    (Comment.Preproc, "hljs-meta"),
    (Comment, "hljs-comment"),
    (Generic.Inserted, "hljs-addition"),
    (Generic.Deleted, "hljs-deletion"),
    (Generic.Heading, "hljs-section"),
    (Generic.Emph, "hljs-emphasis"),
    (Generic.Strong, "hljs-strong"),
)


@lru_cache(maxsize=None)
def _lexer(lang: str):
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        return get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=4096)
def _css_class(token_type) -> str:
    for pyg, hljs in HLJS_CLASSES:
        if token_type in pyg:
            return hljs
    return ""


def highlight(code: str, lang: str | None, cache: DiskCache | None = None) -> str | None:
    """HTML for ``code`` with hljs spans, or None when the language is unknown.

    Building a Pygments lexer compiles dozens of regexes, so results are cached on disk
    by (language, code, Pygments version, this module's source)."""
    if not lang:
        return None
    if cache is None:
        return _highlight(code, lang)
    key = key_of(code_version(__file__), pygments.__version__, lang, code)
    cached = cache.get("highlight", key)
    if cached is not None:
        return cached.decode("utf-8") if cached != b"\0" else None
    html = _highlight(code, lang)
    cache.put("highlight", key, b"\0" if html is None else html.encode("utf-8"))
    return html


def _highlight(code: str, lang: str) -> str | None:
    lexer = _lexer(lang.lower())
    if lexer is None:
        return None
    out: list[str] = []
    current, buffer = "", []
    for token_type, value in lexer.get_tokens(code):
        cls = _css_class(token_type) if token_type is not Token.Text else ""
        if cls != current and buffer:
            out.append(_span(current, "".join(buffer)))
            buffer = []
        current = cls
        buffer.append(value)
    if buffer:
        out.append(_span(current, "".join(buffer)))
    return "".join(out)


def _span(cls: str, text: str) -> str:
    text = escapeHtml(text)
    if not cls or not text.strip():
        return text
    return f'<span class="{cls}">{text}</span>'
