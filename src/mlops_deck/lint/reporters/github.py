"""GitHub Actions workflow commands: ``::error file=…,line=…::message`` (annotations).

Escaping follows actions/toolkit ``escapeData``/``escapeProperty``."""
from __future__ import annotations

from ...diagnostics import Diagnostic, Severity
from ..runner import LintResult

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(diag: Diagnostic) -> str:
    span = diag.span
    props = [("file", diag.path.as_posix()), ("line", span.line), ("col", span.col)]
    if span.end_line is not None:
        props.append(("endLine", span.end_line))
        if span.end_col is not None:
            props.append(("endColumn", span.end_col))
    props.append(("title", f"mlops-deck {diag.rule_id} ({diag.rule_name})"))
    joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props)
    return f"::{LEVELS[diag.severity]} {joined}::{escape_data(diag.message)}"


def render_github(result: LintResult) -> str:
    lines = [command(d) for d in result.diagnostics]
    lines += [f"::error title=mlops-deck internal error::{escape_data(str(e))}"
              for e in result.internal_errors]
    return "".join(f"{line}\n" for line in lines)
