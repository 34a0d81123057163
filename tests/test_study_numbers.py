"""Claims (number, unit, qualifier, subject, aspect) and when two of them contradict."""
from __future__ import annotations

import pytest

from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.lint.rules.study_agenda import similarity
from mlops_deck.lint.rules.study_numbers import Claim, claims_of, compatible, parse_quantity
from mlops_deck.parse import parse_deck

from conftest import ROOT

OPTIONS = {"dictionary": "tests/fixtures/prh/subjects.yml", "facts": "tests/fixtures/prh/facts.yml"}


@pytest.mark.parametrize("text, expected", [
    ("最大90%", ("%", 90.0, 90.0, "upper")),
    ("99%以上", ("%", 99.0, 99.0, "lower")),
    ("約33%", ("%", 33.0, 33.0, "approx")),
    ("1GB", ("サイズ", 1024.0, 1024.0, "exact")),
    ("60分", ("時間", 3600.0, 3600.0, "exact")),
    ("1024MB 〜 6144MB", ("サイズ", 1024.0, 6144.0, "range")),
    ("2〜4倍", ("倍", 2.0, 4.0, "range")),
    ("4種類", ("種類", 4.0, 4.0, "exact")),
])
def test_parse_quantity(text, expected) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["2022年", "G.1X", "ml.m5.xlarge", "Level 2", "r=8"])
def test_not_quantities(text) -> None:
    assert parse_quantity(text) is None


def _claim(text: str) -> Claim:
    dimension, low, high, bound = parse_quantity(text)
    return Claim("S", "削減", dimension, low, high, bound, text, None, 0)


@pytest.mark.parametrize("a, b, ok", [
    ("最大70%", "最大90%", False),
    ("最大70%", "最大70%", True),
    ("99%以上", "99.6%", True),
    ("50%以上", "40%", False),
    ("最大4MB", "4MB", True),
    ("最大4MB", "6MB", False),
    ("約33%", "35%", True),
    ("1024MB〜6144MB", "2048MB", True),
])
def test_compatible(a, b, ok) -> None:
    assert compatible(_claim(a), _claim(b)) is ok
    assert compatible(_claim(b), _claim(a)) is ok


def test_subject_and_aspect_come_from_the_clause_or_the_title() -> None:
    deck = parse_deck("# サーバーレス推論\n\n- 最大ペイロード 4MB、Spot Trainingで最大70%コスト削減\n"
                      "- SMDPはHorovodより最大20%高速\n", "deck.md")
    rule = all_rules()["DK812"]
    claims = claims_of(deck, RuleContext({**rule.options, **OPTIONS}, ROOT))
    assert [(c.subject, c.aspect, c.text) for c in claims] == [
        ("Serverless Inference", "ペイロード", "4MB"),
        ("Managed Spot Training", "削減", "最大70%"),
    ]  # SMDP/Horovod are not subjects in this dictionary: no claim


def test_similarity_of_titles() -> None:
    assert similarity("コスト最適化", "コスト 最適化") == 1.0
    assert similarity("データ検証", "実践シナリオ") == 0.0


def test_broken_facts_file_is_one_error_finding(tmp_path) -> None:
    (tmp_path / "facts.yml").write_text("- not\n- a mapping\n", "utf-8")
    deck = parse_deck("# T\n\n- Spot Trainingで最大70%コスト削減\n", "deck.md")
    rule = all_rules()["DK807"]
    options = {**rule.options, "dictionary": OPTIONS["dictionary"],
               "facts": str(tmp_path / "facts.yml")}
    found = list(rule.func(deck, RuleContext(options, ROOT)))
    assert [(f.span.line, f.severity.name) for f in found] == [(1, "ERROR")]
    assert "facts.yml" in found[0].message


def test_bad_regex_options_are_findings_not_crashes() -> None:
    deck = parse_deck("# アジェンダ\n\n- 1. A\n", "deck.md")
    for rule_id, option in (("DK810", "section-marker"), ("DK811", "question-title"),
                            ("DK813", "section-marker")):
        rule = all_rules()[rule_id]
        found = list(rule.func(deck, RuleContext({**rule.options, option: "(unclosed"}, ROOT)))
        assert [(f.span.line, f.severity.name) for f in found] == [(1, "ERROR")], rule_id
        assert option in found[0].message


def test_fractions_are_not_durations() -> None:
    assert parse_quantity("コストを2分の1に削減") is None
    assert parse_quantity("3分の一") is None
    assert parse_quantity("2分で起動") == ("時間", 120.0, 120.0, "exact")
