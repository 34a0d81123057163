"""Reporters: text, JSON, GitHub workflow commands, and SARIF validated against 2.1.0."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURES
from mlops_deck.diagnostics import Diagnostic, Severity
from mlops_deck.lint.registry import Fix, all_rules
from mlops_deck.lint.reporters import render
from mlops_deck.lint.runner import InternalError, LintResult
from mlops_deck.model import Span

SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text())

ERROR = Diagnostic(Path("deck/a.md"), Span(3, 1, 5, 4), "DK004", "unclosed-code-fence",
                   Severity.ERROR, "code fence is never closed", 2)
WARNING = Diagnostic(Path("deck/a,b:c.md"), Span(12, 7, 12, 9), "DK731",
                     "space-between-half-and-full-width", Severity.WARNING,
                     "半角文字と全角文字の間に 100% スペース\n二行目", 4)
INFO = Diagnostic(Path("deck/a.md"), Span(1), "DK009", "parse-problem", Severity.INFO,
                  "note", None)
RESULT = LintResult((ERROR, WARNING, INFO), (), {WARNING: Fix.delete(12)})
CRASHED = LintResult((ERROR,), (InternalError(Path("deck/a.md"), "DK301", "code-language",
                                              "KeyError: 'x'"),), {})


def test_text_lines_and_summary():
    out = render(RESULT, "text", files=2).splitlines()
    assert out[0] == "deck/a.md:3:1: DK004 code fence is never closed [unclosed-code-fence]"
    assert out[-1] == "Found 1 error, 1 warning and 1 info in 2 decks. 1 fixable with --fix."
    assert render([], "text", files=1) == "No problems found in 1 deck.\n"


def test_text_colour_only_when_asked():
    assert "\x1b[" not in render(RESULT, "text")
    coloured = render(RESULT, "text", color=True)
    assert "\x1b[31;1mDK004\x1b[0m" in coloured and "\x1b[33;1mDK731\x1b[0m" in coloured


def test_text_lists_internal_errors():
    out = render(CRASHED, "text")
    assert "deck/a.md: internal error in rule DK301 (code-language): KeyError: 'x'" in out
    assert out.rstrip().endswith("1 internal error(s).")


def test_json_fields():
    items = json.loads(render(RESULT, "json"))
    assert items[0] == {"path": "deck/a.md", "line": 3, "column": 1, "end_line": 5,
                        "end_column": 4, "rule_id": "DK004", "rule_name": "unclosed-code-fence",
                        "severity": "error", "slide": 2,
                        "message": "code fence is never closed", "fixable": False}
    assert items[1]["fixable"] is True and items[1]["message"].startswith("半角文字")
    assert [i["severity"] for i in items] == ["error", "warning", "info"]


def test_github_workflow_commands_are_escaped():
    lines = render(RESULT, "github").splitlines()
    assert lines[0] == ("::error file=deck/a.md,line=3,col=1,endLine=5,endColumn=4,"
                        "title=mlops-deck DK004 (unclosed-code-fence)::code fence is never closed")
    assert lines[1].startswith("::warning file=deck/a%2Cb%3Ac.md,line=12,col=7,")
    assert lines[1].endswith("::半角文字と全角文字の間に 100%25 スペース%0A二行目")
    assert lines[2].startswith("::notice file=deck/a.md,line=1,col=1,title=")
    crashed = render(CRASHED, "github").splitlines()
    assert crashed[-1].startswith("::error title=mlops-deck internal error::deck/a.md: ")


def _sarif(result):
    doc = json.loads(render(result, "sarif"))
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    return doc


def test_sarif_is_valid_against_the_2_1_0_schema():
    doc = _sarif(RESULT)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(all_rules())
    first = run["results"][0]
    assert first["ruleId"] == "DK004" and first["level"] == "error"
    assert rules[first["ruleIndex"]]["id"] == "DK004"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "deck/a.md"},
        "region": {"startLine": 3, "startColumn": 1, "endLine": 5, "endColumn": 4}}
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note"]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_records_internal_errors_as_notifications():
    run = _sarif(CRASHED)["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is False
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert note["descriptor"]["id"] == "DK301" and note["level"] == "error"


def test_the_schema_rejects_a_broken_log():
    # guards the guard: the schema really constrains what we emit
    broken = json.loads(render(RESULT, "sarif"))
    broken["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA, cls=jsonschema.Draft202012Validator)


def test_unknown_format_is_an_error():
    with pytest.raises(ValueError, match="unknown report format"):
        render(RESULT, "xml")
