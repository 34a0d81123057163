"""Reporters: turn lint results into text, JSON, GitHub workflow commands or SARIF 2.1.0.

``render(result_or_diagnostics, fmt, ...)`` is the one entry point. Machine formats (json,
sarif) are stable contracts: fields may be added, never renamed. Internal errors (rule
crashes) are not diagnostics; the text/github formats list them after the findings and SARIF
records them as tool execution notifications.
"""
from __future__ import annotations

from typing import Iterable

from ...diagnostics import Diagnostic
from ..runner import LintResult, sort_diagnostics

FORMATS = ("text", "json", "github", "sarif")


def as_result(result_or_diagnostics: LintResult | Iterable[Diagnostic]) -> LintResult:
    if isinstance(result_or_diagnostics, LintResult):
        return result_or_diagnostics
    return LintResult(sort_diagnostics(result_or_diagnostics))


def render(result_or_diagnostics: LintResult | Iterable[Diagnostic], fmt: str = "text", *,
           color: bool = False, files: int | None = None) -> str:
    """The report as one string (ending in a newline when not empty).

    ``color`` adds ANSI colours to text; ``files`` is how many decks were linted (for the
    text summary line)."""
    result = as_result(result_or_diagnostics)
    if fmt == "text":
        from .text import render_text
        return render_text(result, color=color, files=files)
    if fmt == "json":
        from .json import render_json
        return render_json(result)
    if fmt == "github":
        from .github import render_github
        return render_github(result)
    if fmt == "sarif":
        from .sarif import render_sarif
        return render_sarif(result)
    raise ValueError(f"unknown report format '{fmt}' (expected {', '.join(FORMATS)})")
