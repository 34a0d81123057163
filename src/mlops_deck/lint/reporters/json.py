"""A JSON array, one object per diagnostic (a stable contract: fields are only added)."""
from __future__ import annotations

import json
from typing import Any

from ...diagnostics import Diagnostic
from ..runner import LintResult


def diagnostic_dict(diag: Diagnostic, fixable: bool = False) -> dict[str, Any]:
    span = diag.span
    return {"path": diag.path.as_posix(), "line": span.line, "column": span.col,
            "end_line": span.end_line, "end_column": span.end_col,
            "rule_id": diag.rule_id, "rule_name": diag.rule_name,
            "severity": str(diag.severity), "slide": diag.slide,
            "message": diag.message, "fixable": fixable}


def render_json(result: LintResult) -> str:
    items = [diagnostic_dict(d, d in result.fixes) for d in result.diagnostics]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
