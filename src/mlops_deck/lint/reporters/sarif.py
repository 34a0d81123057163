"""SARIF 2.1.0 (validated against the OASIS schema in tests/test_reporters.py).

Rules come from the registry (shortDescription = *What it does*, fullDescription = *Why is
this bad?*); columns are Unicode code points, as in every other format."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ... import __version__
from ...diagnostics import Diagnostic, Severity
from ..registry import Rule, all_rules
from ..runner import LintResult

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}



def _text(value: str, fallback: str) -> dict[str, str]:
    return {"text": " ".join(value.split()) or fallback}


def rule_descriptor(rule_: Rule) -> dict[str, Any]:
    sections = rule_.sections
    return {"id": rule_.id, "name": rule_.name,
            "shortDescription": _text(sections.get("What it does", ""), rule_.summary),
            "fullDescription": _text(sections.get("Why is this bad?", ""), rule_.summary),
            "help": {"text": rule_.doc or rule_.name, "markdown": rule_.doc or rule_.name},
            "defaultConfiguration": {"level": LEVELS[rule_.severity]},
            "properties": {"tags": list(rule_.tags), "fixable": rule_.fixable}}


def artifact_uri(path: Path) -> str:
    return path.resolve().as_uri() if path.is_absolute() else path.as_posix()


def region(diag: Diagnostic) -> dict[str, int]:
    span = diag.span
    out = {"startLine": span.line, "startColumn": span.col}
    end_line = span.end_line if span.end_line is not None else span.line
    if end_line > span.line or (end_line == span.line and (span.end_col or 0) > span.col):
        out["endLine"] = end_line
        if span.end_col is not None and (end_line, span.end_col) > (span.line, span.col):
            out["endColumn"] = span.end_col
    return out


def result_of(diag: Diagnostic, index: dict[str, int], fixable: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "ruleId": diag.rule_id, "level": LEVELS[diag.severity],
        "message": {"text": diag.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(diag.path)}, "region": region(diag)}}],
        "properties": {"ruleName": diag.rule_name, "slide": diag.slide, "fixable": fixable}}
    if diag.rule_id in index:
        item["ruleIndex"] = index[diag.rule_id]
    return item


def render_sarif(result: LintResult) -> str:
    rules = list(all_rules().values())
    index = {r.id: i for i, r in enumerate(rules)}
    notifications = [{"level": "error", "message": {"text": str(e)},
                      "descriptor": {"id": e.rule_id}} for e in result.internal_errors]
    run = {"tool": {"driver": {"name": "mlops-deck", "version": __version__,
                               "semanticVersion": __version__,
                               "rules": [rule_descriptor(r) for r in rules]}},
           "invocations": [{"executionSuccessful": not result.internal_errors,
                            "toolExecutionNotifications": notifications}],
           "columnKind": "unicodeCodePoints",
           "results": [result_of(d, index, d in result.fixes) for d in result.diagnostics]}
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
