"""The prh-compatible dictionary loader, and the shipped deck/terms.yml (its specs run)."""
from __future__ import annotations

from pathlib import Path

import pytest

from mlops_deck.lint.prh import PrhError, js_to_python, load_prh, parse_prh

from conftest import FIXTURES, ROOT

PRH_EXAMPLE = """
version: 1
rules:
  - Cookie
  - expected: jQuery
    specs:
      - {from: jquery, to: jQuery}
      - {from: ＪＱＵＥＲＹ, to: jQuery}
  - expected: デフォルト
    pattern: ディフォルト
  - expected: ハードウェア
    patterns: [ハードウエアー, ハードウェアー, ハードウエア]
  - expected: （$1）
    pattern: /\\(([^)]+)\\)/
    specs:
      - {from: (そのとおり), to: （そのとおり）}
  - expected: ソフトウェア
    pattern: /(日経)?ソフトウエア/
    regexpMustEmpty: $1
    specs:
      - {from: 広義のソフトウエア, to: 広義のソフトウェア}
      - {from: 日経ソフトウエア, to: 日経ソフトウエア}
  - expected: サーバー
    pattern: /サーバ(?!ー)/
    specs:
      - {from: サーバ, to: サーバー}
      - {from: サーバー, to: サーバー}
  - expected: js
    options: {wordBoundary: true}
    specs:
      - {from: foo JS bar, to: foo js bar}
      - {from: foo altJS bar, to: foo altJS bar}
      - {from: 今日もJS祭り, to: 今日もjs祭り}
"""


def test_prh_readme_example_behaves_as_prh() -> None:
    dictionary = parse_prh(PRH_EXAMPLE)
    assert [r.expected for r in dictionary.rules][:3] == ["Cookie", "jQuery", "デフォルト"]
    text = "cookieとＣＯＯＫＩＥ、ディフォルト、ハードウエアー(注)、日経ソフトウエア"
    assert dictionary.apply(text) == "CookieとCookie、デフォルト、ハードウェア（注）、日経ソフトウエア"


def test_changes_skip_text_already_expected_and_report_offsets() -> None:
    dictionary = parse_prh(PRH_EXAMPLE)
    changes = dictionary.changes("jQueryとjquery")
    assert [(s, e, r) for s, e, r, _ in changes] == [(7, 13, "jQuery")]


def test_failing_spec_makes_the_dictionary_invalid_with_its_line() -> None:
    with pytest.raises(PrhError, match=r"bad_spec.yml:3: spec failed for 'JavaScript'"):
        load_prh(FIXTURES / "prh" / "bad_spec.yml")


def test_imports_merge_first_expected_wins_and_ignore_rules() -> None:
    dictionary = load_prh(FIXTURES / "prh" / "basic.yml")
    expected = [r.expected for r in dictionary.rules]
    assert expected == ["CloudWatch", "jQuery", "サーバー"]  # メトリクス dropped by ignoreRules
    assert [p.name for p in dictionary.paths] == ["basic.yml", "katakana.yml"]
    assert dictionary.rules[1].note == "公式表記"


def test_import_cycles_and_version_mismatch(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text("version: 1\nimports: [b.yml]\nrules: [Alpha]\n", "utf-8")
    (tmp_path / "b.yml").write_text("version: 1\nimports: [a.yml]\nrules: [Beta]\n", "utf-8")
    assert [r.expected for r in load_prh(tmp_path / "a.yml").rules] == ["Alpha", "Beta"]
    (tmp_path / "c.yml").write_text("version: 2\nrules: [Gamma]\n", "utf-8")
    with pytest.raises(PrhError, match="unsupported prh dictionary version"):
        load_prh(tmp_path / "c.yml")


@pytest.mark.parametrize("text, message", [
    ("rules:\n  - pattern: x\n", "needs `expected`"),
    ("rules:\n  - expected: X\n    pattern: /(/\n", "invalid pattern"),
    ("rules:\n  - expected: X\n    regexpMustEmpty: one\n", "must look like \\$1"),
    ("rules: [\n", "invalid YAML"),
    ("- a\n- b\n", "is a mapping"),
])
def test_invalid_dictionaries_give_one_line_errors(text: str, message: str) -> None:
    with pytest.raises(PrhError, match=message) as info:
        parse_prh(text, "dict.yml")
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("dict.yml:")


def test_js_regex_syntax_is_translated() -> None:
    assert js_to_python(r"(?<year>\d{4})\k<year>") == r"(?P<year>\d{4})(?P=year)"
    assert js_to_python(r"\u{1F600}") == r"\U0001F600"
    dictionary = parse_prh("rules:\n  - expected: 'A B'\n    pattern: /A\\sB/\n")
    assert dictionary.apply("A\u3000B") == "A B"  # JS \s includes the ideographic space


def test_missing_group_expands_to_empty_and_out_of_range_stays_literal() -> None:
    dictionary = parse_prh("rules:\n  - expected: '[$1|$2|$3]'\n    pattern: /x(y)?(z)?/\n")
    assert dictionary.apply("xz") == "[|z|$3]"


def test_shipped_terms_dictionary_loads_and_its_specs_pass() -> None:
    dictionary = load_prh(ROOT / "deck" / "terms.yml")  # specs run while loading
    specs = sum(len(r.specs) for r in dictionary.rules)
    assert specs >= 40
    assert {"SageMaker", "CloudWatch", "Blue/Green", "Managed Spot Training"} <= \
        {r.expected for r in dictionary.rules}
    for rule in dictionary.rules:
        for source, want in rule.specs:
            assert rule.apply(source) == want, rule.where


def test_shipped_terms_fix_the_variants_the_deck_uses() -> None:
    dictionary = load_prh(ROOT / "deck" / "terms.yml")
    text = "CW Alarm → SNS、Blue-Green、LLMのfine-tuning、SM Pipelines、GT ラベル"
    assert dictionary.apply(text) == ("CloudWatch Alarm → SNS、Blue/Green、LLMのFine-tuning、"
                                      "SageMaker Pipelines、Ground Truth ラベル")
    untouched = "SAGEMAKER_PROGRAM sagemaker.Session() checkpoint_s3_uri BlueGreenUpdatePolicy"
    assert dictionary.apply(untouched) == untouched


def test_a_changed_import_is_reloaded(tmp_path: Path) -> None:
    (tmp_path / "main.yml").write_text("version: 1\nimports: [sub.yml]\nrules: [Alpha]\n", "utf-8")
    sub = tmp_path / "sub.yml"
    sub.write_text("version: 1\nrules: [Beta]\n", "utf-8")
    assert [r.expected for r in load_prh(tmp_path / "main.yml").rules] == ["Alpha", "Beta"]
    sub.write_text("version: 1\nrules: [Gamma]\n", "utf-8")
    import os
    os.utime(sub, ns=(1, 2_000_000_000_000_000_000))
    assert [r.expected for r in load_prh(tmp_path / "main.yml").rules] == ["Alpha", "Gamma"]


def test_generated_patterns_match_any_case_and_width_with_word_boundaries() -> None:
    dictionary = parse_prh("rules:\n  - expected: S3\n    options: {wordBoundary: true}\n"
                           "  - expected: Node.js\n")
    # boundaries are judged on width-folded text: full-width ｓ３ is a word too (JS's \b
    # would not see one before a full-width letter; a documented difference)
    assert dictionary.apply("ｓ３ と s3 と checkpoint_s3_uri、NODE.JS、nodexjs") == \
        "S3 と S3 と checkpoint_s3_uri、Node.js、nodexjs"
    assert dictionary.rules[0].triggers == ("s3",)


def test_literal_precheck_never_hides_a_match() -> None:
    dictionary = parse_prh("rules:\n  - expected: Ab\n    pattern: /a(?:x|y)?b/i\n"
                           "  - expected: C\n    pattern: /\\bc\\b|(?:d)/\n")
    assert dictionary.rules[0].triggers == ("a",) and dictionary.rules[1].triggers is None
    assert dictionary.apply("AXB ayb c d") == "Ab Ab C C"
