"""Every DK7xx/DK8xx rule is documented like ruff's rules and has good and bad fixtures."""
from __future__ import annotations

import pytest

from mlops_deck.lint.registry import all_rules
from rule_fixtures import load_cases

MINE = sorted(r for r in all_rules() if r.startswith(("DK7", "DK8")))
CASES = load_cases()


def test_family_is_registered() -> None:
    assert {"DK701", "DK703", "DK706", "DK713", "DK714", "DK715", "DK716", "DK717", "DK722",
            "DK723", "DK724", "DK725", "DK731", "DK741", "DK807", "DK810", "DK811", "DK812",
            "DK813"} <= set(MINE)


@pytest.mark.parametrize("rule_id", MINE)
def test_docs_and_fixtures(rule_id: str) -> None:
    rule = all_rules()[rule_id]
    for section in ("## What it does", "## Why is this bad?", "## Example"):
        assert section in rule.doc, section
    if rule.options:
        assert "## Options" in rule.doc
    if rule.fixable:
        assert "## Fix safety" in rule.doc
    cases = [c for c in CASES if c.rule_id == rule_id]
    assert any(c.expected for c in cases) and any(not c.expected for c in cases)


@pytest.mark.parametrize("rule_id, alias", [
    ("DK701", "sentence-length"), ("DK703", "max-ten"), ("DK706", "no-mix-dearu-desumasu"),
    ("DK713", "no-nfd"), ("DK714", "no-invalid-control-character"),
    ("DK715", "no-zero-width-spaces"), ("DK716", "no-exclamation-question-mark"),
    ("DK717", "no-hankaku-kana"), ("DK722", "ja-unnatural-alphabet"),
    ("DK723", "no-unmatched-pair"), ("DK731", "ja-space-between-half-and-full-width"),
    ("DK741", "prh"),
])
def test_textlint_aliases(rule_id: str, alias: str) -> None:
    assert alias in all_rules()[rule_id].aliases
