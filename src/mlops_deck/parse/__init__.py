"""Parse a Marp deck into the :mod:`mlops_deck.model`. The only way in: :func:`parse_deck`.

The chain, in Marpit's order:
  1. markdown-it tokens (front matter, comments as tokens)     -> parse.markdown
  2. global directives from front matter and every comment     -> here
  3. headingDivider, split at top-level rulers                 -> parse.slides
  4. local/spot directives, class, pagination, header/footer   -> parse.slides
  5. headings, code blocks, images, comments -> notes          -> parse.extract
"""
from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from .io import DeckReadError, read_deck_file

if TYPE_CHECKING:
    from ..model import Deck

__all__ = ["parse_deck", "load_deck", "DeckReadError"]


def parse_deck(source: str, path: str | Path = "deck.md",
               themes: tuple[str, ...] | None = None) -> Deck:
    """Parse markdown text. Never raises on content: problems are kept on the model."""
    # Imported here, not at the top: `parse.io` (reading a file) is all a cached lint needs,
    # and importing any `parse.*` module runs this file first; markdown-it costs ~50 ms.
    from .assemble import build_deck
    return build_deck(source, Path(path), themes)


def load_deck(path: str | Path, themes: tuple[str, ...] | None = None) -> Deck:
    """Read and parse a deck file; raises :class:`DeckReadError` when it can't be read."""
    path = Path(path)
    return parse_deck(read_deck_file(path), path, themes)
