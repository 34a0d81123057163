"""The parsed deck: frozen dataclasses shared by lint, render and build.

Every element carries a 1-based :class:`Span` into the deck's source. The parser
keeps what the author wrote even when Marp would drop it (unknown directive keys,
invalid values, broken YAML), so lint can point at it; the *effective* settings
(what Marp applies) are kept separately on each :class:`Slide`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A 1-based position in the source: line, column, and optional end (inclusive line)."""

    line: int
    col: int = 1
    end_line: int | None = None
    end_col: int | None = None


class Scope(str, Enum):
    """Where a directive applies, as Marpit defines it."""

    GLOBAL = "global"  # the whole deck; the last value wins
    LOCAL = "local"  # this slide and every following one
    SPOT = "spot"  # `_key`: this slide only
    UNKNOWN = "unknown"  # not a directive Marp knows (kept for lint)


class CommentKind(str, Enum):
    """How Marp treats one HTML comment."""

    DIRECTIVE = "directive"  # YAML mapping with at least one known directive key
    TOOL = "tool"  # prettier-ignore, markdownlint-*, `lint disable|enable|ignore`
    FIT = "fit"  # marp-core's `<!-- fit -->` inside a heading
    NOTE = "note"  # everything else: a speaker note
    DROPPED = "dropped"  # note-like, but in an inline Marpit hides (a table cell holding only
    #                      comments...): Marp neither shows it nor keeps it as a note


@dataclass(frozen=True, slots=True)
class Directive:
    """One `key: value` written in front matter or in a directive comment.

    ``name`` is the key without the spot prefix `_`. ``value`` is what YAML's failsafe
    schema gives (a string, a list or a mapping of strings, or None).
    """

    key: str
    name: str
    value: Any
    scope: Scope
    source: str  # "front-matter" | "comment"
    span: Span
    slide: int | None = None  # 1-based slide the comment sits on; None for front matter


@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML comment as written (`text` is the content, trimmed as Marp trims it)."""

    text: str
    kind: CommentKind
    span: Span
    inline: bool = False
    parsed: Any = None  # the YAML mapping when the content parsed as one, else None
    yaml_error: str | None = None  # why the content is not YAML (Marp then keeps it as a note)


@dataclass(frozen=True, slots=True)
class Note:
    """A speaker note: one comment Marp does not treat as a directive or tool comment."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    span: Span
    fit: bool = False  # `# <!-- fit --> Title`


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A fenced (or indented) code block. ``span`` covers the opening to the closing fence."""

    lang: str | None
    info: str
    text: str
    span: Span
    fenced: bool = True
    closed: bool = True

    @property
    def line_count(self) -> int:
        return len(self.text.splitlines())

    @property
    def first_code_line(self) -> int:
        """Source line of the first line of code (after the opening fence)."""
        return self.span.line + (1 if self.fenced else 0)


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image as Marp reads it: keywords consumed from the alt text, the rest kept as alt."""

    src: str
    # what Marp shows: an inline image's alt attribute (plain text of the words Marp did not
    # consume), or a background's caption (those words as written)
    alt: str
    raw_alt: str  # the alt text as written
    keywords: tuple[str, ...]
    span: Span
    width: str | None = None  # CSS length; None when absent or a % on an inline image
    height: str | None = None
    background: bool = False
    background_size: str | None = None
    split: str | None = None  # "left" / "right" for split backgrounds
    split_size: str | None = None
    direction: str | None = None  # "vertical" / "horizontal"
    filters: tuple[tuple[str, str], ...] = ()
    path: Path | None = None  # resolved local file (None for remote URLs / data URIs)
    in_list_item: bool = False  # the image renders inside a list item
    title: str | None = None
    html: bool = False  # an `<img>` tag in raw HTML (on Slide.html_images), not `![](…)`


@dataclass(frozen=True, slots=True)
class Slide:
    """One slide. ``settings`` are the effective directives (globals included) after
    Marpit's inheritance; ``directives`` are those written on this slide."""

    index: int  # 1-based
    span: Span  # first to last source line
    title: str | None
    title_span: Span | None
    headings: tuple[Heading, ...]
    directives: tuple[Directive, ...]
    settings: dict[str, Any]
    css_class: str | None
    paginate: bool
    page_number: int | None
    page_total: int | None
    header: str | None
    footer: str | None
    notes: tuple[Note, ...]
    comments: tuple[Comment, ...]
    code_blocks: tuple[CodeBlock, ...]
    images: tuple[ImageRef, ...]
    tokens: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    # `<img>` tags in raw HTML, kept apart so `images` stays one-to-one with image tokens
    html_images: tuple[ImageRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the parser noticed but Marp tolerates (broken YAML, unclosed fence...).
    Lint reports these; they never stop a parse."""

    code: str  # short machine name, e.g. "front-matter-yaml"
    message: str
    span: Span


@dataclass(frozen=True, slots=True)
class Deck:
    path: Path
    source: str
    lines: tuple[str, ...] = field(repr=False)
    front_matter: str | None
    front_matter_span: Span | None
    directives: tuple[Directive, ...]  # every directive as written, in source order
    global_settings: dict[str, Any]
    slides: tuple[Slide, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def size(self) -> tuple[int, int]:
        return SIZES.get(str(self.global_settings.get("size", "16:9")), SIZES["16:9"])

    @property
    def theme(self) -> str | None:
        return self.global_settings.get("theme")

    @property
    def base_dir(self) -> Path:
        return self.path.parent


SIZES: dict[str, tuple[int, int]] = {"16:9": (1280, 720), "4:3": (960, 720)}
