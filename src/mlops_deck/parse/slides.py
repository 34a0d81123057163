"""Slide split, heading divider and Marpit's directive passes.

Order matters and follows Marpit: global directives are read from the front matter and
every comment in the deck (the last value wins); ``headingDivider`` then inserts
separators before headings; the token stream is split at top-level ``hr`` tokens; local
and spot directives are applied per slide; finally pages are numbered.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from markdown_it.token import Token

from .directives import LOCALS


@dataclass
class Chunk:
    """The tokens of one slide and the 0-based source line range it covers."""

    tokens: list[Token]
    start: int
    end: int  # exclusive
    local: dict[str, Any] = field(default_factory=dict)  # effective local + spot settings
    recognized: set[int] = field(default_factory=set)  # ids of directive comment tokens


def iter_comments(tokens: list[Token]) -> Iterator[tuple[Token, Token | None]]:
    """Every comment token in document order, with its enclosing inline token (or None)."""
    for token in tokens:
        if token.type == "marpit_comment":
            yield token, None
        elif token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "marpit_comment":
                    yield child, token


def apply_heading_divider(tokens: list[Token], levels: Any) -> list[Token]:
    if isinstance(levels, int) and not isinstance(levels, bool):
        levels = list(range(1, levels + 1))
    if not isinstance(levels, list) or not levels:
        return tokens
    tags = {f"h{n}" for n in levels}
    out: list[Token] = []
    seen_visible = False  # Marpit: a divider only once some visible token came before
    for token in tokens:
        if token.type == "heading_open" and token.tag in tags and seen_visible:
            hr = Token("hr", "hr", 0, map=list(token.map or [0, 0]), hidden=True)
            hr.meta = {"heading_divider": True}
            out.append(hr)
        seen_visible = seen_visible or not token.hidden
        out.append(token)
    return out


def split(tokens: list[Token], body_start: int, line_count: int) -> list[Chunk]:
    """Split at every top-level ``hr``; a slide runs from its separator to the next one."""
    chunks = [Chunk([], body_start, line_count)]
    for token in tokens:
        if token.type == "hr" and token.level == 0:
            sep = token.map[0] if token.map else chunks[-1].start
            divider = token.meta.get("heading_divider") if token.meta else False
            chunks[-1].end = sep
            chunks.append(Chunk([], sep if divider else sep + 1, line_count))
        elif token.type != "front_matter":
            chunks[-1].tokens.append(token)
    return chunks


def apply_locals(chunks: list[Chunk], front: dict | None, comment_yaml) -> None:
    """Marpit's local pass: locals carry forward, `_` spots apply to their slide only.

    ``comment_yaml(token)`` returns the parsed mapping of a comment token (or None).
    """
    cursor: dict[str, Any] = {}
    spot: dict[str, Any] = {}
    if front:
        _apply(front, cursor, spot)  # a front-matter `_key` lands on slide 1, as in Marpit
    for chunk in chunks:
        for token, _ in iter_comments(chunk.tokens):
            mapping = comment_yaml(token)
            if mapping and _apply(mapping, cursor, spot):
                chunk.recognized.add(id(token))
        chunk.local = {**cursor, **spot}
        spot = {}


def _apply(mapping: dict, cursor: dict, spot: dict) -> bool:
    recognized = False
    for key, value in mapping.items():
        if not isinstance(key, str):
            continue
        if key in LOCALS:
            recognized = True
            cursor.update(LOCALS[key](value))
        if key.startswith("_") and key[1:] in LOCALS:
            recognized = True
            spot.update(LOCALS[key[1:]](value))
    return recognized


def paginate(settings: list[dict[str, Any]]) -> list[tuple[int | None, int | None]]:
    """(page number shown, total) per slide, or (None, None) where no number is drawn."""
    page = 0
    numbers: list[int | None] = []
    for s in settings:
        mode = s.get("paginate")
        if mode not in ("skip", "hold"):
            page += 1
        if mode and mode != "skip":
            page = max(page, 1)
            numbers.append(page)
        else:
            numbers.append(None)
    return [(n, page if n is not None else None) for n in numbers]
