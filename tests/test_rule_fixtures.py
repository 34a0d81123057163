"""Every rule fixture case: the rule's findings equal the expected `line:col ID` lines."""
from __future__ import annotations

import pytest

from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.parse import parse_deck
from rule_fixtures import Case, load_cases

from conftest import ROOT

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule_id}:{c.line}:{c.title}" for c in CASES])
def test_rule_fixture(case: Case) -> None:
    rule = all_rules()[case.rule_id]
    deck = parse_deck(case.source, case.path)
    ctx = RuleContext(options={**rule.options, **case.options}, root=ROOT)
    found = sorted(f"{f.span.line}:{f.span.col} {case.rule_id}" for f in rule.func(deck, ctx))
    assert found == sorted(case.expected)
