"""Every rule fixture case: the rule's findings equal the expected `line:col ID` lines.

Cases run through the real engine (``lint_deck``), so spans are checked against the deck,
in-deck suppressions apply, and a crash fails the case with the rule's own message. Only
the fixture's rule is selected, except for DK0xx (suppression rules need the others' output).
Rules tagged ``render`` (DK6xx) get the decks' layout measured in real Chromium, all their
cases in one browser session, as ``mlops-deck lint --render`` does.
"""
from __future__ import annotations

import functools

import pytest

from mlops_deck.lint.config import LintConfig
from mlops_deck.lint.registry import all_rules
from mlops_deck.lint.runner import lint_deck
from mlops_deck.parse import parse_deck
from rule_fixtures import Case, load_cases

from conftest import ROOT

CASES = load_cases()


def _renders(case: Case) -> bool:
    rule = all_rules().get(case.rule_id)
    return rule is not None and "render" in rule.tags


@functools.cache
def _layouts() -> dict[tuple[str, int], object]:
    """Layout of every render-rule case, measured together in one browser session."""
    from mlops_deck.layout import LAYOUT_CACHE_KEY
    from mlops_deck.render.export import measure_layouts

    cases = [c for c in CASES if _renders(c)]
    layouts = measure_layouts([parse_deck(c.source, c.path) for c in cases])
    return {(c.rule_id, c.line): {LAYOUT_CACHE_KEY: lay} for c, lay in zip(cases, layouts)}


def findings(case: Case) -> list[str]:
    rules = all_rules()
    assert case.rule_id in rules, f"{case.path.name}: no registered rule {case.rule_id}"
    select = ("ALL",) if case.rule_id.startswith("DK0") else (case.rule_id,)
    config = LintConfig(select=select, options={case.rule_id: case.options})
    extra = _layouts()[(case.rule_id, case.line)] if _renders(case) else None
    result = lint_deck(parse_deck(case.source, case.path), config, root=ROOT, extra=extra)
    crashes = [str(e) for e in result.internal_errors if e.rule_id == case.rule_id]
    assert not crashes, crashes
    return sorted(f"{d.span.line}:{d.span.col} {d.rule_id}" for d in result.diagnostics
                  if d.rule_id == case.rule_id)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule_id}:{c.line}:{c.title}" for c in CASES])
def test_rule_fixture(case: Case) -> None:
    assert findings(case) == sorted(case.expected)
