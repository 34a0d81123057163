"""The deck's prose as the Japanese, terminology and study rules read it.

A :class:`Block` is one unit of prose - a heading, a list item, a paragraph, a table cell or
one line of a speaker note - with every character mapped back to its source line and column,
so findings inside multi-line notes point at the exact place. Markup that is not prose (code
spans, URLs, link targets, images, inline HTML and comments, inline math) is *masked*: replaced
by :data:`MASK` characters of the same length, so offsets still line up with the source and
no rule mistakes ``dvc push`` or ``https://...`` for Japanese text.

:class:`Prose` joins every block of the deck into one string (separated by :data:`BLOCK_END`),
so a character rule is one ``finditer`` over the deck instead of a loop per block.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Iterator

from ...model import Deck, Span

MASK = "\ue000"  # a private-use character no rule pattern matches

SEP = "\x1e"  # joins blocks while masking; no mask pattern crosses it
BLOCK_END = "\x1f"  # joins blocks in :attr:`Prose.text` (a block's own lines use "\\n")

_MASKED = re.compile(
    r"(`+)[^`\x1e]*?\1"                              # code spans (same-length backtick runs)
    r"|!\[[^\]\n\x1e]*\]\([^)\n\x1e]*\)"              # images (alt text included: not prose)
    r"|(?<=\])\([^)\n\x1e]*\)"                         # link destinations `[text](...)`
    r"|<!--[^\x1e]*?-->"                               # inline comments (`<!-- fit -->`)
    r"|<https?://[^>\s]*>|https?://[^\s<>()（）、。「」]+"  # autolinks and bare URLs
    r"|</?[A-Za-z][^<>\n\x1e]*>"                       # inline HTML tags
    r"|\$(?=[^\s$])[^$\n\x1e]*?(?<=[^\s$\\])\$(?!\d)")  # inline math, as markdown-it-texmath


def mask(text: str) -> str:
    """``text`` with non-prose markup replaced by :data:`MASK` (same length)."""
    return _MASKED.sub(lambda m: MASK * len(m.group(0)), text)


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of prose. ``text`` is masked; its ``\\n``-separated pieces are source lines."""

    slide: int
    kind: str  # "heading" | "list" | "paragraph" | "table" | "note"
    text: str
    starts: tuple[int, ...]  # offset in ``text`` where each piece starts
    lines: tuple[int, ...]  # 1-based source line of each piece
    cols: tuple[int, ...]  # 0-based column of each piece in its source line

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``text[offset]`` in the deck source."""
        i = max(0, bisect_right(self.starts, offset) - 1)
        return self.lines[i], self.cols[i] + offset - self.starts[i] + 1

    def span(self, start: int, end: int | None = None) -> Span:
        line, col = self.position(start)
        if end is None or end <= start:
            return Span(line, col)
        end_line, end_col = self.position(end - 1)
        return Span(line, col, end_line, end_col + 1)

    @property
    def is_note(self) -> bool:
        return self.kind == "note"


@dataclass(frozen=True, slots=True)
class Prose:
    """Every block of a deck, plus one string (blocks joined by :data:`BLOCK_END`, which no
    rule pattern matches) for deck-wide regex scans."""

    blocks: tuple[Block, ...]
    text: str
    offsets: tuple[int, ...]  # where each block starts in ``text``

    def locate(self, offset: int) -> tuple[Block, int]:
        """The block holding ``text[offset]`` and the offset inside that block."""
        i = max(0, bisect_right(self.offsets, offset) - 1)
        return self.blocks[i], offset - self.offsets[i]

    def matches(self, pattern: re.Pattern[str]) -> Iterator[tuple[Block, int, int, re.Match]]:
        """(block, start, end, match) for every match of ``pattern`` in the deck's prose."""
        for m in pattern.finditer(self.text):
            block, start = self.locate(m.start())
            yield block, start, start + m.end() - m.start(), m


def prose_of(deck: Deck, cache: dict[str, Any] | None = None) -> Prose:
    """The deck's prose, built once per deck and run (memoised in the rule context cache)."""
    if cache is not None:
        hit = cache.get("japanese_text.prose")
        if hit is not None and hit[0] is deck:
            return hit[1]
    raw: list[Block] = []
    for slide in deck.slides:
        raw.extend(_slide_blocks(slide.index, slide.tokens, deck.lines))
        for note in slide.notes:
            raw.extend(_note_blocks(slide.index, note.text, note.span, deck.lines))
    # one masking pass over the whole deck (blocks joined by SEP, which no pattern crosses)
    masked = mask(SEP.join(b.text for b in raw)).split(SEP)
    blocks = tuple(Block(b.slide, b.kind, text, b.starts, b.lines, b.cols)
                   for b, text in zip(raw, masked))
    offsets, pos = [], 0
    for block in blocks:
        offsets.append(pos)
        pos += len(block.text) + 1
    prose = Prose(blocks, BLOCK_END.join(masked), tuple(offsets))
    if cache is not None:
        cache["japanese_text.prose"] = (deck, prose)
    return prose


_CONTAINERS = {"list_item_open": "list", "th_open": "table", "td_open": "table",
               "heading_open": "heading"}
_CLOSERS = {"list_item_close", "th_close", "td_close", "heading_close"}


def _slide_blocks(slide: int, tokens: tuple[Any, ...], lines: tuple[str, ...]) -> Iterator[Block]:
    stack: list[str] = []
    last_map: list[int] | None = None
    cursor: dict[int, int] = {}  # per source line: where the previous piece ended
    for token in tokens:
        if token.map:
            last_map = token.map
        if token.type in _CONTAINERS:
            stack.append(_CONTAINERS[token.type])
        elif token.type in _CLOSERS and stack:
            stack.pop()
        elif token.type == "inline" and token.content.strip():
            kind = stack[-1] if stack else "paragraph"
            first = (token.map or last_map or [0, 1])[0]
            block = _block(slide, kind, token.content.split("\n"), first, lines, cursor)
            if block is not None:
                yield block


def _note_blocks(slide: int, text: str, span: Span, lines: tuple[str, ...]) -> Iterator[Block]:
    """One block per non-empty note line, found in the comment's source lines in order."""
    cursor: dict[int, int] = {}
    row = span.line - 1
    last = (span.end_line or span.line) - 1
    for piece in text.split("\n"):
        stripped = piece.strip()
        if not stripped:
            continue
        while row <= last and row < len(lines) and stripped not in lines[row][cursor.get(row, 0):]:
            row += 1
        if row > last or row >= len(lines):
            return
        block = _block(slide, "note", [stripped], row, lines, cursor)
        if block is not None:
            yield block


def _block(slide: int, kind: str, pieces: list[str], first: int, lines: tuple[str, ...],
           cursor: dict[int, int]) -> Block | None:
    starts, rows, cols, kept = [], [], [], []
    pos = 0
    for i, piece in enumerate(pieces):
        row = first + i
        if row >= len(lines):
            break
        col = lines[row].find(piece, cursor.get(row, 0)) if piece else cursor.get(row, 0)
        if col < 0:  # markup we cannot map back (never report a wrong column)
            continue
        cursor[row] = col + len(piece)
        starts.append(pos)
        rows.append(row + 1)
        cols.append(col)
        kept.append(piece)
        pos += len(piece) + 1
    if not kept:
        return None
    text = "\n".join(kept)
    if SEP in text or BLOCK_END in text:  # control characters the joins rely on (DK714)
        text = text.replace(SEP, MASK).replace(BLOCK_END, MASK)
    return Block(slide, kind, text, tuple(starts), tuple(rows), tuple(cols))


# -- sentences ---------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^\n。！？!?]*(?:[。！？!?]+[」』）)】\]]*|\n|$)")


def sentences(block: Block) -> Iterator[tuple[int, int]]:
    """(start, end) offsets of each sentence in ``block.text`` (split at 。！？!? and line ends;
    a closing bracket right after the period stays with its sentence)."""
    for m in _SENTENCE.finditer(block.text):
        start, end = m.start(), m.end()
        text = m.group(0)
        if text.endswith("\n"):
            end -= 1
        if text.strip():
            yield start, end


# -- positions in the raw source and whole-line fixes --------------------------------------

def line_starts(deck: Deck, cache: dict[str, Any] | None = None) -> tuple[int, ...]:
    """Offset in ``deck.source`` where each line starts (memoised per deck and run)."""
    if cache is not None:
        hit = cache.get("japanese_text.line_starts")
        if hit is not None and hit[0] is deck:
            return hit[1]
    starts, pos = [], 0
    for line in deck.lines:
        starts.append(pos)
        pos += len(line) + 1
    result = tuple(starts)
    if cache is not None:
        cache["japanese_text.line_starts"] = (deck, result)
    return result


def source_position(starts: tuple[int, ...], offset: int) -> tuple[int, int]:
    """1-based (line, column) of ``deck.source[offset]``."""
    i = max(0, bisect_right(starts, offset) - 1)
    return i + 1, offset - starts[i] + 1


def fixed_lines(deck: Deck, edits: list[tuple[int, int, int, str]]) -> dict[int, str]:
    """Apply ``(line, col, end_col, text)`` edits (1-based columns, end exclusive) and return
    each touched line's corrected text. Overlapping edits keep the leftmost one.

    Rules give every finding on a line the *same* whole-line fix (all that rule's edits on
    the line), so applying any one of them - or all, in any order - gives the same result.
    """
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    for line, col, end_col, text in edits:
        by_line.setdefault(line, []).append((col, end_col, text))
    result = {}
    for line, items in by_line.items():
        source = deck.lines[line - 1]
        out, pos = [], 0
        for col, end_col, text in sorted(items):
            if col - 1 < pos:
                continue
            out.append(source[pos:col - 1])
            out.append(text)
            pos = end_col - 1
        out.append(source[pos:])
        result[line] = "".join(out)
    return result
