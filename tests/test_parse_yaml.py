"""YAML as Marpit reads it (js-yaml FAILSAFE + marp-core's loose values), and the fast path
for one-line `key: value` comments agreeing with PyYAML on everything it accepts."""
from __future__ import annotations

import pytest

from mlops_deck.parse import load_deck
from mlops_deck.parse.yaml_failsafe import load, load_with_pyyaml, loosen

from conftest import DECK, FIXTURES


@pytest.mark.parametrize("text, value", [
    ("footer:", {"footer": ""}),  # empty is "", not null (FAILSAFE has no null)
    ("a: ~", {"a": "~"}),
    ("a: null", {"a": "null"}),
    ("paginate: true", {"paginate": "true"}),
    ("a: &x 1\nb: *x", {"a": "1", "b": "1"}),
    ("class:\n  - a\n  - b", {"class": ["a", "b"]}),
    ("{color}", {"color": ""}),
    ("a: !!str x", {"a": "x"}),
    ("style: |\n  a {\n  }", {"style": "a {\n}\n"}),  # js-yaml keeps the last line break
    ("style: |-\n  a", {"style": "a"}),
])
def test_failsafe_values(text, value):
    assert load(text).value == value and load(text).error is None


@pytest.mark.parametrize("text", [
    "a: 1\na: 2",  # duplicated key
    "a: !!int 5",  # unknown tag
    "a: !custom x",
    "? [a]\n: b",  # complex key
    "[a, b",
    "---\na: 1\n---\nb: 2",
])
def test_failsafe_errors(text):
    result = load(text)
    assert result.value is None and result.error


def test_loose_values_for_known_keys_only():
    keys = ("header", "class")
    assert loosen("header: Foo: bar", keys) == 'header: "Foo: bar"'
    assert loosen('_header: a "b"', keys) == '_header: "a \\"b\\""'
    assert loosen("header: [x]", keys) == "header: [x]"  # YAML syntax is left alone
    assert loosen("other: Foo: bar", keys) == "other: Foo: bar"


def corpus() -> list[str]:
    texts = [c.text for path in [DECK, *sorted((FIXTURES / "parity").glob("*.md"))]
             for s in load_deck(path).slides for c in s.comments]
    return texts + [
        "_class: lead", "試験では: 正解は B です", "key : value", "key:\tvalue",
        "key\t: value", "a: b # comment", "a: b: c", "a: 'q'", "a: it's", "a: [x]",
        "a: {x: y}", "a: - x", "- a: b", "a: *x", "a: &x y", "a: |", "a: >", "a: %x",
        "a: @x", "a: `x`", "a: ?x", "a: x,y", "a: x]", "a: ~", "? a: b", "a:b", "a :b",
        "a: b\u3000c", "a: b\u00a0", "a\u00a0: b", "a: \ufeffb", "<<: x", "a: b  ",
        "a.b: c", "$size: 4:3", "a: 0x10", "a: 1e3", "a: .inf", "a: yes",
    ]


def test_fast_path_agrees_with_pyyaml():
    texts = corpus()
    assert len(texts) > 200
    disagree = [text for text in texts
                if (load(text).value, load(text).error is None)
                != (load_with_pyyaml(text).value, load_with_pyyaml(text).error is None)]
    assert disagree == []
