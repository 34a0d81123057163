"""Every rule fixture case: the rule's findings equal the expected `line:col ID` lines.

Cases run through the real engine (``lint_deck``), so spans are checked against the deck,
in-deck suppressions apply, and a crash fails the case with the rule's own message. Only
the fixture's rule is selected, except for DK0xx (suppression rules need the others' output).
"""
from __future__ import annotations

import pytest

from mlops_deck.lint.config import LintConfig
from mlops_deck.lint.registry import all_rules
from mlops_deck.lint.runner import lint_deck
from mlops_deck.parse import parse_deck
from rule_fixtures import Case, load_cases

from conftest import ROOT

CASES = load_cases()


def findings(case: Case) -> list[str]:
    rules = all_rules()
    assert case.rule_id in rules, f"{case.path.name}: no registered rule {case.rule_id}"
    select = ("ALL",) if case.rule_id.startswith("DK0") else (case.rule_id,)
    config = LintConfig(select=select, options={case.rule_id: case.options})
    result = lint_deck(parse_deck(case.source, case.path), config, root=ROOT)
    crashes = [str(e) for e in result.internal_errors if e.rule_id == case.rule_id]
    assert not crashes, crashes
    return sorted(f"{d.span.line}:{d.span.col} {d.rule_id}" for d in result.diagnostics
                  if d.rule_id == case.rule_id)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule_id}:{c.line}:{c.title}" for c in CASES])
def test_rule_fixture(case: Case) -> None:
    assert findings(case) == sorted(case.expected)
