"""DK1xx-DK4xx and DK501-503 on the deck as delivered (shared/deck-source/mlops-guide.md):
the findings are the right ones, at the right lines, and their safe fixes remove them.

Expected positions are derived from the source text independently of the rules (a grep
for the pattern), or are facts observed with marp-cli 4.5.1 (recorded below).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, SHARED
from mlops_deck.lint.config import LintConfig
from mlops_deck.lint.fix import apply_fixes
from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.lint.runner import lint_deck
from mlops_deck.parse import parse_deck

DELIVERED = SHARED / "deck-source" / "mlops-guide.md"
MY_FAMILIES = ("DK1", "DK2", "DK3", "DK4", "DK501", "DK502", "DK503")
# marp-cli 4.5.1, `--template bare`: the <section>s holding an <img> inside an <li>.
MARP_IMAGE_IN_LI = [26, 28, 30, 31, 32, 33, 34, 35, 38, 40, 42, 43, 44, 45, 46, 47, 48, 49, 50,
                    76, 77, 79, 80, 81, 82, 83, 84, 85, 86, 87, 90, 91, 93, 94, 95, 96, 97, 98,
                    100]
# marp-cli 4.5.1 `--notes`: slides with an empty chunk (spec/marp-behaviour.md §1).
MARP_NO_NOTES = [2, 13, 89, 99, 108, 115, 120, 125]

pytestmark = pytest.mark.skipif(not DELIVERED.exists(), reason="shared deck not mounted")


@pytest.fixture(scope="module")
def text() -> str:
    return DELIVERED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def found(text):
    """Findings of every rule of the families, by rule id, with the deck's own folder as root."""
    deck = parse_deck(text, DELIVERED)
    out = {}
    for rule_id, rule in all_rules().items():
        if rule_id.startswith(MY_FAMILIES):
            ctx = RuleContext(options=dict(rule.options), root=DELIVERED.parent)
            out[rule_id] = list(rule.func(deck, ctx))
    return out


def lines_matching(text: str, pattern: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), 1) if re.search(pattern, line)]


def test_lead_slides_dropping_invert(found, text):
    expected = lines_matching(text, r"^<!-- _class: lead -->$")
    assert len(expected) == 12
    assert [f.span.line for f in found["DK205"]] == expected
    assert {f.fix.text for f in found["DK205"]} == {"<!-- _class: lead invert -->"}


def test_agenda_bullets_holding_numbers(found, text):
    expected = lines_matching(text, r"^- \d+\. ")
    assert len(expected) == 12 and {f.slide for f in found["DK106"]} == {2}
    assert [f.span.line for f in found["DK106"]] == expected
    assert found["DK106"][0].fix.text == "1. MLOps基礎 — 概念・成熟度モデル・チーム役割"


def test_center_alt_texts(found, text):
    expected = lines_matching(text, r"^!\[w:800 center\]")
    assert len(expected) == 98
    assert [f.span.line for f in found["DK108"]] == expected
    assert all("`center`" in f.message for f in found["DK108"])


def test_images_in_last_bullet_match_marp(found):
    assert sorted({f.slide for f in found["DK107"]}) == MARP_IMAGE_IN_LI


def test_missing_images_inside_the_deck_folder(found, text):
    assert [f.span.line for f in found["DK501"]] == lines_matching(text, r"!\[")
    assert not found["DK502"] and not found["DK503"]


def test_images_outside_the_project_are_refused(text):
    deck = parse_deck(text, DELIVERED)
    rules = all_rules()
    ctx = RuleContext(root=ROOT)  # the deck's assets/ folder is not under this project
    assert len(list(rules["DK502"].func(deck, ctx))) == 98
    assert list(rules["DK501"].func(deck, ctx)) == []


def test_slides_without_notes(found):
    assert [f.slide for f in found["DK401"]] == [2]  # the others are `lead` slides
    exempt_none = RuleContext(options={"exempt_classes": ()}, root=DELIVERED.parent)
    deck = parse_deck(DELIVERED.read_text(encoding="utf-8"), DELIVERED)
    assert [f.slide for f in all_rules()["DK401"].func(deck, exempt_none)] == MARP_NO_NOTES


def test_code_blocks_that_do_not_fit(found):
    # reference render ref-slide-023.png: the block of slide 23 starts below the footer
    assert [f.slide for f in found["DK306"]] == [23, 27, 36, 39, 53, 78, 88, 92, 107]
    assert "about 3 fit" in found["DK306"][0].message


def test_undefined_names(found):
    names = [re.search(r"`(\w+)`", f.message).group(1) for f in found["DK303"]]
    assert names[:4] == ["role", "spark", "df", "DatasetFormat"]
    assert (found["DK303"][3].span.line, found["DK303"][3].span.col) == (558, 20)


QUIET = ("DK101", "DK102", "DK103", "DK104", "DK109", "DK110", "DK111", "DK201", "DK202", "DK203",
         "DK204", "DK206", "DK207", "DK208", "DK209", "DK301", "DK302", "DK304", "DK305", "DK307",
         "DK402", "DK403", "DK404")


@pytest.mark.parametrize("rule_id", QUIET)
def test_quiet_where_the_deck_is_right(found, rule_id):
    assert [(f.span.line, f.message) for f in found[rule_id]] == []


def test_safe_fixes_remove_their_findings(text, tmp_path: Path):
    path = tmp_path / "deck" / "mlops-guide.md"
    select = ("DK104", "DK106", "DK107", "DK110", "DK205", "DK207", "DK208")
    config = LintConfig(select=select)
    before = lint_deck(parse_deck(text, path), config, root=tmp_path)
    assert len(before.fixes) == 12 + 12 + 39
    fixed, applied = apply_fixes(text, before.fixes.items())
    assert applied == 63
    after = lint_deck(parse_deck(fixed, path), config, root=tmp_path)
    assert after.diagnostics == ()
    assert fixed.count("<!-- _class: lead invert -->") == 12
    assert "\n1. MLOps基礎" in fixed and "\n- 1. " not in fixed
