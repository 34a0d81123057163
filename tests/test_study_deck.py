"""DK8xx and DK7xx on the deck as delivered (../shared/deck-source/mlops-guide.md): the agenda
and section mismatches, the deck's claims about itself and its contradicting numbers are
reported at their lines; consistent claims are not."""
from __future__ import annotations

import pytest

from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.parse import load_deck

from conftest import ROOT, SHARED

SOURCE = SHARED / "deck-source" / "mlops-guide.md"
pytestmark = pytest.mark.skipif(not SOURCE.exists(), reason="shared deck not present")


@pytest.fixture(scope="module")
def deck():
    return load_deck(SOURCE)


@pytest.fixture(scope="module")
def cache() -> dict:
    return {}  # one run: rules share the prose, dictionary and claims


def _run(deck, cache, rule_id):
    rule = all_rules()[rule_id]
    return list(rule.func(deck, RuleContext(dict(rule.options), ROOT, cache)))


def _line(deck, text: str, after: int = 0) -> int:
    """1-based line of the first source line at or after ``after`` containing ``text``."""
    return next(n for n, line in enumerate(deck.lines, 1) if n > after and text in line)


def test_agenda_items_without_sections(deck, cache) -> None:
    found = {(f.span.line, f.message) for f in _run(deck, cache, "DK810")}
    for item in ("1.「MLOps基礎」", "10.「Bedrock MLOps」", "12.「実践シナリオ」"):
        line = _line(deck, item.split("「")[1].rstrip("」"))
        assert any(ln == line and item in m and "ありません" in m for ln, m in found), item


def test_sections_missing_from_agenda_titles_numbers_gaps_and_order(deck, cache) -> None:
    found = [(f.span.line, f.message) for f in _run(deck, cache, "DK810")]
    messages = [m for _, m in found]
    assert (_line(deck, "# データ検証"), "セクション「データ検証」（番号 4）がアジェンダにありません") in found
    assert any("「モデル学習」がアジェンダの 3.「学習パイプライン」 と異なります" in m for m in messages)
    assert any("「監視・品質管理」がアジェンダの 7.「モデルモニタリング」" in m for m in messages)
    section3 = _line(deck, "- Section 3")
    assert (section3, "セクション番号 3 から始まっています（1〜2 がありません）") in found
    assert any(ln == section3 and "アジェンダの番号 2" in m for ln, m in found)
    order = [(ln, m) for ln, m in found if "順序" in m]
    assert order == [(_line(deck, "# MLOpsパイプライン"),
                      "セクション「MLOpsパイプライン」の順序がアジェンダ（4番目の 4.「CI/CDパイプライン」）と異なります")]
    # titles that agree are not reported as different
    assert not any("「コスト最適化」がアジェンダ" in m or "「モデル評価」がアジェンダ" in m for m in messages)


def test_claims_about_the_deck(deck, cache) -> None:
    found = [(f.span.line, f.message) for f in _run(deck, cache, "DK811")]
    assert found == [(_line(deck, "11セクション全体のまとめ"),
                      "「11セクション」とありますが、このデッキのセクション区切りは10です（アジェンダは12項目）")]
    assert len(deck.slides) == 125  # so the two 「125スライド」 claims are true and not reported


def test_contradicting_numbers_each_at_its_line(deck, cache) -> None:
    found = sorted((f.span.line, f.message) for f in _run(deck, cache, "DK812"))
    lines = [ln for ln, _ in found]
    assert lines == sorted([_line(deck, "Spot Trainingで最大90%コスト削減"),
                            _line(deck, "Spot Training + HPOの組み合わせで最大70%"),
                            _line(deck, "Spot Instanceは最大70%コスト削減"),
                            _line(deck, "Spot Instancesで学習コスト最大70%削減")])
    assert all("Managed Spot Training" in m for _, m in found)
    # Ground Truth's 最大70% is another subject with the same number: no conflict
    assert _line(deck, "ハイブリッドで最大70%コスト削減") not in lines


def test_facts_file_disagreements(deck, cache) -> None:
    # deck/facts.yml grows with the deck; these three contradict AWS's "up to 90%"
    found = {f.span.line for f in _run(deck, cache, "DK807")}
    assert {_line(deck, "Spot Training + HPOの組み合わせで最大70%"),
            _line(deck, "Spot Instanceは最大70%コスト削減"),
            _line(deck, "Spot Instancesで学習コスト最大70%削減")} <= found
    # facts the delivered deck states correctly are not reported
    for agreeing in ("ハイブリッドで最大70%コスト削減", "最大ペイロード 4MB", "最大ペイロード 1GB",
                     "50%以上コスト削減", "Spot Trainingで最大90%コスト削減"):
        assert _line(deck, agreeing) not in found, agreeing


def test_japanese_style_findings_on_the_deck(deck, cache) -> None:
    slip = [(f.span.line, f.span.col) for f in _run(deck, cache, "DK722")]
    line = _line(deck, "アクセJ制御")
    assert slip == [(line, deck.lines[line - 1].index("J") + 1)]
    terms = {(f.span.line, f.message) for f in _run(deck, cache, "DK741")}
    assert (_line(deck, "LLMのfine-tuning"), "表記ゆれ「fine-tuning」→「Fine-tuning」") in terms
    assert sum("「CW」" in m for _, m in terms) == 4
    assert not _run(deck, cache, "DK713") and not _run(deck, cache, "DK715")


def test_exam_point_coverage_skips_dividers_and_title_slides(deck, cache) -> None:
    found = _run(deck, cache, "DK813")
    slides = {f.slide for f in found}
    assert 1 not in slides and 2 not in slides and 13 not in slides and 125 not in slides
    assert 3 in slides  # MLOpsとは何か？: notes without 試験/頻出/出題
    assert 6 not in slides  # 「試験頻出」 in its notes
