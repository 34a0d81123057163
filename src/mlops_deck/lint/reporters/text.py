"""``path:line:col: DK301 message [name]``, one per line, then a summary line."""
from __future__ import annotations

from ...diagnostics import Diagnostic, Severity
from ..runner import LintResult

COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def line_of(diag: Diagnostic, color: bool = False) -> str:
    where = _paint(f"{diag.path}:{diag.span.line}:{diag.span.col}:", "1", color)
    rule_id = _paint(diag.rule_id, COLORS[diag.severity] + ";1", color)
    name = _paint(f"[{diag.rule_name}]", "2", color)
    return f"{where} {rule_id} {diag.message} {name}"


def summary(result: LintResult, files: int | None = None) -> str:
    counts = [(result.count(s), str(s)) for s in (Severity.ERROR, Severity.WARNING,
                                                   Severity.INFO)]
    parts = [f"{n} {name}{'s' if n != 1 and name != 'info' else ''}" for n, name in counts if n]
    scope = f" in {files} deck{'s' if files != 1 else ''}" if files is not None else ""
    text = f"Found {_join(parts)}{scope}." if parts else f"No problems found{scope}."
    if result.fixes:
        text += f" {len(result.fixes)} fixable with --fix."
    if result.internal_errors:
        text += f" {len(result.internal_errors)} internal error(s)."
    return text


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def render_text(result: LintResult, color: bool = False, files: int | None = None) -> str:
    lines = [line_of(d, color) for d in result.diagnostics]
    lines += [_paint(str(e), "35", color) for e in result.internal_errors]
    lines.append(summary(result, files))
    return "\n".join(lines) + "\n"
