"""Safe fixes of the DK1xx/DK2xx/DK4xx rules: the exact text they write, and a re-lint that
no longer reports what was fixed. (Rule fixtures only say where findings are.)"""
from __future__ import annotations

from pathlib import Path

import pytest

from mlops_deck.lint.config import LintConfig
from mlops_deck.lint.fix import apply_fixes
from mlops_deck.lint.runner import lint_deck
from mlops_deck.parse import parse_deck

FM = "---\nmarp: true\n---\n\n"
CASES = [
    ("DK104", FM + "# A\n\n---\n\n---\n\n# B\n", FM + "# A\n\n---\n\n# B\n"),
    ("DK104", FM + "# A\n\n---\n", FM + "# A\n\n"),
    ("DK106", FM + "- 1. one\n- 2. two\n", FM + "1. one\n2. two\n"),
    ("DK106", FM + "* 1. one\n* 2. two\n", FM + "1) one\n2) two\n"),
    ("DK106", FM + "- a\n  - 3) deep\n", FM + "- a\n  3) deep\n"),
    ("DK107", FM + "- a\n- b\n![w:800 Flow](f.svg)\n", FM + "- a\n- b\n\n![w:800 Flow](f.svg)\n"),
    ("DK110", FM + "Text\n---\n\n# B\n", FM + "Text\n\n---\n\n# B\n"),
    ("DK111", FM + "# A\n\n***\n\n# B\n", FM + "# A\n\n---\n\n# B\n"),
    ("DK205", "---\nclass: invert\n---\n\n<!-- _class: lead -->\n# T\n",
     "---\nclass: invert\n---\n\n<!-- _class: lead invert -->\n# T\n"),
    ("DK205", "---\nclass: invert dark\n---\n\n<!-- _class: \"lead\" -->\n",
     "---\nclass: invert dark\n---\n\n<!-- _class: \"lead invert dark\" -->\n"),
    ("DK205", "---\nclass: invert\n---\n\n<!--\n_class: lead\n_paginate: false\n-->\n",
     "---\nclass: invert\n---\n\n<!--\n_class: lead invert\n_paginate: false\n-->\n"),
    ("DK207", FM + "<!-- $size: 4:3 -->\n# A\n", FM + "<!-- size: 4:3 -->\n# A\n"),
    ("DK207", "---\nmarp: true\n$theme: gaia\n---\n", "---\nmarp: true\ntheme: gaia\n---\n"),
    ("DK208", "---\ntheme: gaia\n---\n\n# A\n", "---\nmarp: true\ntheme: gaia\n---\n\n# A\n"),
    ("DK208", "# A\n", "---\nmarp: true\n---\n# A\n"),
    ("DK402", FM + "# A\n\n<!-- -->\n\nText\n", FM + "# A\n\n\nText\n"),
]


@pytest.mark.parametrize("rule_id,before,after", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_fix_text_and_relint(rule_id, before, after, tmp_path: Path):
    path = tmp_path / "deck.md"
    config = LintConfig(select=(rule_id,))
    result = lint_deck(parse_deck(before, path), config, root=tmp_path)
    assert result.fixes, f"{rule_id} offered no fix"
    fixed, _ = apply_fixes(before, result.fixes.items())
    assert fixed == after
    again = lint_deck(parse_deck(fixed, path), config, root=tmp_path)
    assert [d for d in again.diagnostics if d.rule_id == rule_id] == []


NO_FIX = [
    ("DK104", FM + "# A\n\n---\n\n<!-- a note on an empty slide -->\n\n---\n\n# B\n"),
    ("DK205", "---\nclass: invert\n---\n\n<!-- _class: [lead, big] -->\n"),
    ("DK208", "---\n# A\n"),  # a leading --- would be read as front matter
    ("DK402", FM + "Text <!-- --> more\n"),
]


@pytest.mark.parametrize("rule_id,text", NO_FIX, ids=[c[0] for c in NO_FIX])
def test_reported_without_a_fix_where_a_fix_is_not_safe(rule_id, text, tmp_path: Path):
    result = lint_deck(parse_deck(text, tmp_path / "deck.md"),
                       LintConfig(select=(rule_id,)), root=tmp_path)
    assert [d.rule_id for d in result.diagnostics] == [rule_id]
    assert not result.fixes
