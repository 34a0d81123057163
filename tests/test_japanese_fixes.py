"""Safe fixes of the DK7xx and DK741 rules, applied the way `--fix` applies them."""
from __future__ import annotations

import unicodedata
from types import SimpleNamespace

from mlops_deck.lint.fix import apply_fixes
from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.parse import parse_deck

from conftest import FIXTURES


def _fixed(source: str, rule_id: str, **options) -> str:
    """Apply the rule's fixes to a fixpoint, as the engine does (one fix per line a pass)."""
    rule = all_rules()[rule_id]
    for _ in range(10):
        deck = parse_deck(source, FIXTURES / "rules" / "deck.md")
        ctx = RuleContext({**rule.options, **options}, root=FIXTURES.parents[1])
        fixes = [(SimpleNamespace(rule_id=rule_id), f.fix) for f in rule.func(deck, ctx)
                 if f.fix is not None]
        if not fixes:
            return source
        source, _ = apply_fixes(source, fixes)
    return source


def test_every_finding_on_a_line_carries_the_same_whole_line_fix() -> None:
    deck = parse_deck("# T\n\n- A あ B い C\n", "deck.md")
    rule = all_rules()["DK731"]
    found = list(rule.func(deck, RuleContext(dict(rule.options))))
    assert len(found) == 4
    assert {f.fix for f in found} == {found[0].fix}
    assert found[0].fix.text == "- AあBいC"


def test_spacing_fixes_both_ways() -> None:
    assert _fixed("# S3 データ\n\n- 学習は SageMaker で実行\n", "DK731") == \
        "# S3データ\n\n- 学習はSageMakerで実行\n"
    assert _fixed("# S3データ\n\n- 学習はSageMakerで実行\n", "DK731", space="always") == \
        "# S3 データ\n\n- 学習は SageMaker で実行\n"


def test_character_fixes() -> None:
    nfd = unicodedata.normalize("NFD", "データのパイプライン")
    assert _fixed(f"# T\n\n- {nfd}\n", "DK713") == "# T\n\n- データのパイプライン\n"
    assert _fixed("# T\n\n- ﾓﾃﾞﾙのﾃﾞﾌﾟﾛｲ\n", "DK717") == "# T\n\n- モデルのデプロイ\n"
    assert _fixed("# Ａｍａｚｏｎ Ｓ３\n", "DK724") == "# Amazon S3\n"
    assert _fixed("# T\n\n- Model\u200bMonitor\u200d\n", "DK715") == "# T\n\n- ModelMonitor\n"
    assert _fixed("# T\n\n- 学\x08習\n", "DK714") == "# T\n\n- 学習\n"
    assert _fixed("# T\n\n- 学習、、評価。。終わり、。\n", "DK725") == "# T\n\n- 学習、評価。終わり、。\n"


def test_terminology_fix_keeps_code_and_fixes_notes() -> None:
    source = "# Cloudwatch\n\n- CW Alarm と `CW`\n\n<!--\nノートの CW も\n-->\n"
    fixed = _fixed(source, "DK741", dictionary="tests/fixtures/prh/basic.yml")
    assert fixed == ("# CloudWatch\n\n- CloudWatch Alarm と `CW`\n\n<!--\nノートの CloudWatch も\n-->\n")
