"""`--fix`: apply the safe fixes fixable rules attach to their findings.

Fixes replace whole source lines (see :class:`~.registry.Fix`). One pass applies every
fix that does not overlap an earlier one (in rule-id order, as ruff does); the deck is then
re-parsed and re-linted, up to :data:`MAX_PASSES` times, until nothing fixable is left.
"""
from __future__ import annotations

from typing import Callable, Iterable

from ..diagnostics import Diagnostic
from .registry import Fix
from .runner import LintResult

MAX_PASSES = 10


def apply_fixes(text: str, fixes: Iterable[tuple[Diagnostic, Fix]]) -> tuple[str, int]:
    """``text`` with the non-overlapping fixes applied, and how many were applied."""
    lines = split_lines(text)
    chosen: list[Fix] = []
    taken: list[tuple[int, int]] = []
    for _, fix in sorted(fixes, key=lambda item: (item[0].rule_id, item[1].line)):
        lo, hi = fix.line, max(fix.end_line, fix.line - 1)
        if not 1 <= lo <= len(lines) + 1 or hi > len(lines):
            continue  # out of range: a rule bug; leave the text alone
        if any(_overlaps((lo, hi), other) for other in taken):
            continue
        taken.append((lo, hi))
        chosen.append(fix)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    if bom:
        lines[0] = lines[0][1:]  # line numbers ignore the BOM; put it back at the very end
    for fix in sorted(chosen, key=lambda f: (f.line, f.end_line), reverse=True):
        lines[fix.line - 1:max(fix.end_line, fix.line - 1)] = _new_lines(fix, lines, text)
    return bom + "".join(lines), len(chosen)


def _new_lines(fix: Fix, lines: list[str], text: str) -> list[str]:
    new = fix.text if not fix.text or fix.text.endswith("\n") else fix.text + "\n"
    if "\r\n" in text:  # keep the author's line endings
        new = new.replace("\r\n", "\n").replace("\n", "\r\n")
    if fix.end_line >= len(lines) and lines and not lines[-1].endswith("\n") and new:
        new = new.rstrip("\r\n")  # keep "no newline at end of file" as the author had it
    return [new] if new else []


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split only at "\\n" as the parser does (a "\\r\\n" stays
    with its line; str.splitlines would also split at form feeds and U+2028)."""
    parts = text.split("\n")
    lines = [p + "\n" for p in parts[:-1]]
    return lines + [parts[-1]] if parts[-1] else lines


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # an insertion (hi < lo) touching another edit's first line also conflicts
    return a[0] <= max(b[1], b[0]) and b[0] <= max(a[1], a[0])


def fix_text(text: str, lint: Callable[[str], LintResult]) -> tuple[str, int, LintResult]:
    """Lint, fix, re-lint until stable. Returns the new text, fixes applied, final result."""
    applied = 0
    result = lint(text)
    for _ in range(MAX_PASSES):
        if not result.fixes or result.internal_errors:
            break
        new_text, count = apply_fixes(text, result.fixes.items())
        if count == 0 or new_text == text:
            break
        text, applied = new_text, applied + count
        result = lint(text)
    return text, applied, result
