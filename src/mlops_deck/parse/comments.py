"""HTML comments as Marpit reads them: tokens first, then directive / tool / note.

A markdown-it plugin turns every HTML comment (block or inline, html option on or off)
into a ``marpit_comment`` token whose content is the trimmed text, exactly as Marpit's
comment plugin does. :func:`classify` then says what Marp makes of it.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from ..model import CommentKind
from . import yaml_failsafe
from .directives import KNOWN_KEYS, LOOSE_IN_COMMENTS, is_known_key

# JavaScript's \s and String.trim() whitespace (Python's differ: \x1c-\x1f, U+FEFF)
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
JS_SPACE_CHARS = "".join(chr(c) for c in range(0x2000, 0x200b)) + \
    "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
COMMENT = re.compile(rf"<!--+[{JS_SPACE}]*([\s\S]*?)[{JS_SPACE}]*--+>")


def js_trim(text: str) -> str:
    return text.strip(JS_SPACE_CHARS)


_OPENING = re.compile(r"^<!--")
_CLOSING = re.compile(r"-->")
TOOL_COMMENTS = (
    re.compile(r"^prettier-ignore(-(start|end))?$"),
    re.compile(r"^markdownlint-((disable|enable).*|capture|restore)$"),
    re.compile(r"^lint (disable|enable|ignore).*$"),
)


def _block_comment(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    pos = state.bMarks[start] + state.tShift[start]
    if state.src[pos:pos + 1] != "<":
        return False
    line = state.src[pos:state.eMarks[start]]
    if not _OPENING.match(line):
        return False
    if silent:
        return True
    next_line = start + 1
    if not _CLOSING.search(line):
        while next_line < end:
            if state.sCount[next_line] < state.blkIndent:
                break
            line = state.src[state.bMarks[next_line] + state.tShift[next_line]:state.eMarks[next_line]]
            next_line += 1
            if _CLOSING.search(line):
                break
    state.line = next_line
    token = state.push("marpit_comment", "", 0)
    token.map = [start, next_line]
    token.markup = state.getLines(start, next_line, state.blkIndent, True)
    token.hidden = True
    found = COMMENT.search(token.markup)
    token.content = js_trim(found.group(1)) if found else ""
    # Marpit keeps scanning to the next line that holds "-->"; an unclosed one eats the rest.
    token.meta = {"closed": found is not None}
    return True


def _inline_comment(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if pos + 2 >= state.posMax or src[pos] != "<" or src[pos + 1] != "!":
        return False
    found = COMMENT.search(src, pos)  # Marpit's match is unanchored; keep its quirk
    if not found:
        return False
    if not silent:
        token = state.push("marpit_comment", "", 0)
        token.hidden = True
        token.markup = src[pos:pos + len(found.group(0))]
        token.content = js_trim(found.group(1))
        token.meta = {"closed": True, "offset": pos}
    state.pos += len(found.group(0))
    return True


def comment_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("html_block", "marpit_comment", _block_comment)
    md.inline.ruler.before("html_inline", "marpit_inline_comment", _inline_comment)
    md.add_render_rule("marpit_comment", lambda *args, **kw: "")


# Text that can hold a YAML mapping key worth reading: a `key: value` colon, a known
# directive's name (also catches `{class}` and `? class`), or an escape in a quoted key.
_MAYBE_MAPPING = re.compile("|".join([":", r"\\", *(re.escape(k) for k in KNOWN_KEYS)]))


def parse_yaml(content: str):
    """The YAML mapping Marp reads from a comment, or None (with the YAML error, if any).

    Prose without a colon, a backslash or a directive's name cannot be a mapping with a key
    anyone reads, so it is not parsed (most speaker notes; YAML is the slow part)."""
    if not _MAYBE_MAPPING.search(content):
        return None, None
    result = yaml_failsafe.load(yaml_failsafe.loosen(content, LOOSE_IN_COMMENTS))
    return (result.value if isinstance(result.value, dict) else None), result.error


_UNPARSED = object()


def classify(content: str, in_heading: bool = False,
             parsed: dict | None | object = _UNPARSED) -> tuple[CommentKind, dict | None]:
    """What Marp makes of one comment's content: directive, tool comment, fit marker or note.
    ``parsed`` is the content's :func:`parse_yaml` mapping when the caller has it."""
    if parsed is _UNPARSED:
        parsed, _ = parse_yaml(content)
    if parsed and any(isinstance(k, str) and is_known_key(k) for k in parsed):
        return CommentKind.DIRECTIVE, parsed
    if any(p.fullmatch(content) for p in TOOL_COMMENTS):  # JS `^…$`: one line only
        return CommentKind.TOOL, parsed
    if in_heading and content == "fit":
        return CommentKind.FIT, parsed
    return CommentKind.NOTE, parsed
