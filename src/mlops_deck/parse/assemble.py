"""Assemble a :class:`Deck` from markdown-it tokens, following Marpit's passes."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from ..model import (Comment, CommentKind, Deck, Directive, Note, Problem, Scope, Slide,
                     Span)
from . import extract, slides, yaml_failsafe
from .comments import classify, parse_yaml
from .inline import is_swept
from .directives import (BUILTIN_THEMES, GLOBAL_NAMES, LOCAL_NAMES, LOOSE_IN_FRONT_MATTER,
                         make_globals)
from .markdown import markdown


def normalise(source: str) -> str:
    """markdown-it's own normalisation, done up front so our line numbers match its maps."""
    if source.startswith("\ufeff"):
        source = source[1:]
    return source.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def build_deck(source: str, path: Path, themes: tuple[str, ...] | None) -> Deck:
    source = normalise(source)
    lines = tuple(source.split("\n"))
    tokens = markdown().parse(source)
    problems: list[Problem] = []
    front_text, front_span, front = _front_matter(tokens, problems)
    globals_table = make_globals(tuple(themes or BUILTIN_THEMES))
    comment_yaml = _comment_yaml_cache()

    global_settings: dict[str, Any] = {}
    recognized: set[int] = set()
    for mapping, token in [(front, None)] + [
            (comment_yaml(t), t) for t, _ in slides.iter_comments(tokens)]:
        if mapping and _apply_globals(mapping, globals_table, global_settings) and token:
            recognized.add(id(token))

    tokens = slides.apply_heading_divider(tokens, global_settings.get("headingDivider"))
    body_start = front_span.end_line if front_span else 0
    line_count = len(lines) - (1 if lines[-1] == "" and len(lines) > 1 else 0)
    chunks = slides.split(tokens, body_start, line_count)
    slides.apply_locals(chunks, front, comment_yaml)
    pages = slides.paginate([c.local for c in chunks])

    directives = list(_front_directives(front, front_text, front_span, lines))
    built = []
    for index, (chunk, (number, total)) in enumerate(zip(chunks, pages), start=1):
        slide, slide_directives = _slide(index, chunk, lines, path, global_settings,
                                         (recognized, chunk.recognized), comment_yaml,
                                         number, total, problems)
        directives += slide_directives
        built.append(slide)
    return Deck(path, source, lines, front_text, front_span, tuple(directives),
                global_settings, tuple(built), tuple(problems))


def _comment_yaml_cache():
    """``comment_yaml(token)``: the comment's YAML mapping or None, parsed once per token;
    ``comment_yaml.error(token)``: the YAML error message, if any."""
    cache: dict[int, tuple[Any, str | None]] = {}

    def parsed(token: Token) -> tuple[Any, str | None]:
        if id(token) not in cache:
            cache[id(token)] = parse_yaml(token.content)
        return cache[id(token)]

    def comment_yaml(token: Token):
        return parsed(token)[0]
    comment_yaml.error = lambda token: parsed(token)[1]  # type: ignore[attr-defined]
    return comment_yaml


def _front_matter(tokens: list[Token], problems: list[Problem]):
    if not tokens or tokens[0].type != "front_matter":
        return None, None, None
    token = tokens[0]
    begin, end = token.map
    span = Span(begin + 1, 1, end, 4)
    result = yaml_failsafe.load(yaml_failsafe.loosen(token.content, LOOSE_IN_FRONT_MATTER))
    if result.error:
        problems.append(Problem("front-matter-yaml",
                                f"front matter is not valid YAML ({result.error}); "
                                "Marp ignores all of it",
                                Span(begin + 2 + result.error_line)))
        return token.content, span, None
    if result.value is not None and not isinstance(result.value, dict):
        problems.append(Problem("front-matter-yaml", "front matter is not a YAML mapping; "
                                "Marp ignores it", Span(begin + 2)))
        return token.content, span, None
    return token.content, span, result.value


def _apply_globals(mapping: dict, table, settings: dict[str, Any]) -> bool:
    recognized = False
    for key, value in mapping.items():
        if key in table:
            recognized = True
            settings.update(table[key](value))
    return recognized


def _scope(key: str) -> Scope:
    if key in GLOBAL_NAMES:
        return Scope.GLOBAL
    if key in LOCAL_NAMES:
        return Scope.LOCAL
    if key.startswith("_") and key[1:] in LOCAL_NAMES:
        return Scope.SPOT
    return Scope.UNKNOWN


def _directives_in(mapping: dict, source: str, lines: tuple[str, ...], first: int, last: int,
                   slide: int | None):
    """One Directive per key, positioned at the key in source lines ``first..last`` (1-based)."""
    for key, value in mapping.items():
        key = str(key)
        line, col = _key_position(lines, key, first, last)
        yield Directive(key, key[1:] if key.startswith("_") and key[1:] in LOCAL_NAMES else key,
                        value, _scope(key), source, Span(line, col), slide)


def _key_position(lines: tuple[str, ...], key: str, first: int, last: int) -> tuple[int, int]:
    # the key as a YAML key: first on its line (after any `>` of a quote), after `<!--`,
    # `{` or `,`, maybe quoted
    pattern = re.compile(rf"(?:^[\s>]*|<!--+\s*|[{{,]\s*)[\"']?({re.escape(key)})[\"']?\s*:")
    for n in range(first - 1, min(last, len(lines))):
        found = pattern.search(lines[n])
        if found:
            return n + 1, found.start(1) + 1
    return first, 1


def _front_directives(front, text, span, lines):
    if not front:
        return []
    return list(_directives_in(front, "front-matter", lines, span.line + 1, span.end_line - 1,
                               None))


def _slide(index, chunk, lines, path, global_settings, recognized, comment_yaml,
           number, total, problems):
    comments, notes, directives = _comments(index, chunk, lines, recognized, comment_yaml,
                                            problems)
    settings = {**chunk.local, **global_settings}
    heads = extract.headings(chunk.tokens, lines)
    title = heads[0] if heads else None
    code_blocks = tuple(extract.code_blocks(chunk.tokens, lines))
    for code in code_blocks:
        if not code.closed:
            problems.append(Problem("unclosed-fence", "code fence is never closed; it runs "
                                    "to the end of the slide deck", code.span))
    return Slide(
        index=index, span=Span(chunk.start + 1, 1, max(chunk.start + 1, chunk.end), 1),
        title=title.text if title else None, title_span=title.span if title else None,
        headings=tuple(heads), directives=tuple(directives), settings=settings,
        css_class=_css_class(settings.get("class")), paginate=number is not None,
        page_number=number, page_total=total,
        header=settings.get("header") or None, footer=settings.get("footer") or None,
        notes=tuple(notes), comments=tuple(comments),
        code_blocks=code_blocks,
        images=tuple(extract.images(chunk.tokens, lines, path.parent)),
        tokens=tuple(chunk.tokens),
        html_images=tuple(extract.html_images(chunk.tokens, lines, path.parent))), directives


def _comments(index, chunk, lines, recognized, comment_yaml, problems):
    """The slide's comments, its notes and the directives written in them, in order."""
    comments, notes, directives = [], [], []
    heading_inlines = _heading_inlines(chunk.tokens)
    for token, inline in slides.iter_comments(chunk.tokens):
        parsed = comment_yaml(token)
        kind, _ = classify(token.content, id(inline) in heading_inlines, parsed)
        if any(id(token) in ids for ids in recognized):
            kind = CommentKind.DIRECTIVE
        elif kind is CommentKind.NOTE and inline is not None and is_swept(inline):
            kind = CommentKind.DROPPED
        comment = extract.comment_of(token, inline, lines, kind, parsed,
                                     comment_yaml.error(token))
        comments.append(comment)
        if kind is CommentKind.NOTE:
            notes.append(Note(comment.text, comment.span))
        elif kind is CommentKind.DIRECTIVE and parsed:
            last = comment.span.line + token.markup.count("\n")
            directives += _directives_in(parsed, "comment", lines, comment.span.line, last,
                                         index)
        if not (token.meta or {}).get("closed", True):
            problems.append(Problem("unclosed-comment", "HTML comment is never closed with "
                                    "`-->`; Marp treats the rest of the block as its text",
                                    comment.span))
    return comments, notes, directives


def _heading_inlines(tokens: list[Token]) -> set[int]:
    """ids of the inline tokens that hold a heading's text (where `<!-- fit -->` counts)."""
    return {id(tokens[i + 1]) for i, token in enumerate(tokens[:-1])
            if token.type == "heading_open"}


def _css_class(value: Any) -> str | None:
    if not value or not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
