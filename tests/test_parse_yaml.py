"""YAML as Marpit reads it (js-yaml FAILSAFE + marp-core's loose values), and the fast path
for one-line `key: value` comments agreeing with PyYAML on everything it accepts."""
from __future__ import annotations

import pytest
import yaml

from mlops_deck.parse import load_deck, yaml_failsafe
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
    # observed with js-yaml 5.5.0 (marpit 3.2.3 in marp-cli 4.5.1), FAILSAFE_SCHEMA: a tab
    # separates a key from its value like a space (libyaml agrees; PyYAML's Python
    # scanner refuses it)
    ("key:\tvalue", {"key": "value"}),
    ("key\t: value", {"key": "value"}),
])
def test_failsafe_values(text, value):
    assert load(text).value == value and load(text).error is None


@pytest.mark.parametrize("text", [
    "a:\n\tb: c",  # js-yaml: "tab characters must not be used in indentation"
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


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
def test_libyaml_reads_every_text_as_pyyamls_python_parser_does():
    """The loader runs on libyaml's C parser when PyYAML has it: same values, same errors
    (only the wording of an error differs), on the deck's and the fixtures' comments, front
    matters and the odd cases above; except a tab after a key, which PyYAML's Python
    scanner refuses and js-yaml and libyaml accept (test_failsafe_values)."""
    assert issubclass(yaml_failsafe._FailsafeLoader, yaml.CBaseLoader)
    python = yaml_failsafe.failsafe_loader(yaml.BaseLoader)
    sources = [p.read_text() for p in [DECK, *sorted((FIXTURES / "parity").glob("*.md"))]]
    front_matters = [s.split("---\n")[1] for s in sources if s.startswith("---\n")]
    assert len(front_matters) > 10
    texts = corpus() + front_matters
    texts = [t for t in texts if t not in ("key:\tvalue", "key\t: value")]
    for text in texts + ["a: 1\na: 2", "a: !!int 5", "? [a]\n: b", "[a, b", "a:\n\tb: c"]:
        with_c = load_with_pyyaml(text)
        try:
            expected, line = yaml.load(text + "\n", Loader=python), None  # noqa: S506
        except yaml.YAMLError as exc:
            expected, line = None, getattr(getattr(exc, "problem_mark", None), "line", 0)
        assert with_c.value == expected, text
        assert (with_c.error is None) == (line is None), text
        if line is not None and with_c.error_line != line:
            assert abs(with_c.error_line - line) <= 1, text  # libyaml may point a line on
