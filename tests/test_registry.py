"""The registry, the rule docs and the rule fixtures stay in step.

One test per rule and per check, so a failure names the rule and what is missing: ids
`DKnnn`, kebab-case names, unique names and aliases, a ruff-shaped docstring (*What it does*,
*Why is this bad?*, *Example*, *Use instead*; *Options* naming every option; *Fix safety*
for a fixable rule), and a fixture file with at least one bad and one good case.
"""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from mlops_deck.lint.registry import all_rules, doc_sections
from mlops_deck.lint.rules.meta import PROBLEM_RULES
from rule_fixtures import RULE_FIXTURES, load_cases

RULES = all_rules()
CASES = load_cases()
REQUIRED = ("What it does", "Why is this bad?", "Example", "Use instead")
KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
EXPECTED_LINE = re.compile(r"^\d+:\d+ DK\d{3}$")
ids = list(RULES)


def test_there_are_rules():
    assert len(RULES) >= 5


@pytest.mark.parametrize("rule_id", ids)
def test_id_and_name_shape(rule_id):
    rule = RULES[rule_id]
    assert re.fullmatch(r"DK\d{3}", rule.id), rule.id
    assert KEBAB.match(rule.name), f"{rule.id}: name '{rule.name}' is not kebab-case"
    for alias in rule.aliases:
        assert KEBAB.match(alias), f"{rule.id}: alias '{alias}' is not kebab-case"


def test_names_and_aliases_are_unique():
    seen: dict[str, str] = {}
    for rule in RULES.values():
        for name in (rule.name, *rule.aliases):
            assert name not in seen, f"'{name}' used by {seen.get(name)} and {rule.id}"
            seen[name] = rule.id


@pytest.mark.parametrize("rule_id", ids)
def test_docstring_has_ruff_sections(rule_id):
    rule = RULES[rule_id]
    sections = rule.sections
    missing = [s for s in REQUIRED if not sections.get(s, "").strip()]
    assert not missing, f"{rule_id} ({rule.name}) docstring lacks: {', '.join(missing)}"


@pytest.mark.parametrize("rule_id", [i for i in ids if RULES[i].options])
def test_options_are_documented(rule_id):
    rule = RULES[rule_id]
    text = rule.sections.get("Options", "")
    assert text.strip(), f"{rule_id} has options {sorted(rule.options)} but no ## Options"
    undocumented = [o for o in rule.options
                    if o not in text and o.replace("_", "-") not in text]
    assert not undocumented, f"{rule_id} ## Options does not mention {undocumented}"


@pytest.mark.parametrize("rule_id", [i for i in ids if RULES[i].fixable])
def test_fixable_rules_document_their_fix(rule_id):
    assert RULES[rule_id].sections.get("Fix safety", "").strip(), (
        f"{rule_id} is fixable but its docstring has no ## Fix safety section")


@pytest.mark.parametrize("rule_id", ids)
def test_every_rule_has_bad_and_good_fixtures(rule_id):
    path = RULE_FIXTURES / f"{rule_id}.md"
    assert path.exists(), f"missing fixture file {path.relative_to(ROOT)}"
    cases = [c for c in CASES if c.rule_id == rule_id]
    bad = [c for c in cases if c.expected]
    good = [c for c in cases if not c.expected]
    assert bad, f"{path.name}: no bad case (a case with expected findings)"
    assert good, f"{path.name}: no good case (a case with an empty expected block)"


def test_fixture_expectations_are_well_formed():
    problems = [f"{c.path.name}:{c.line}: '{e}'" for c in CASES for e in c.expected
                if not EXPECTED_LINE.match(e) or not e.endswith(c.rule_id)]
    assert not problems, "expected lines must be `line:col DKnnn` of the file's rule: " + \
        "; ".join(problems)


def test_every_fixture_file_belongs_to_a_registered_rule():
    orphans = [p.name for p in RULE_FIXTURES.glob("DK*.md") if p.stem not in RULES]
    assert not orphans, f"fixture files for unregistered rules: {orphans}"


def test_every_parser_problem_code_has_a_meta_rule():
    parse_dir = ROOT / "src" / "mlops_deck" / "parse"
    codes = {m.group(1) for path in parse_dir.glob("*.py")
             for m in re.finditer(r'Problem\(\s*"([a-z0-9-]+)"', path.read_text())}
    assert codes, "no Problem(...) found in parse/: the scan is broken"
    assert codes <= set(PROBLEM_RULES), f"unmapped parser problems: {codes - set(PROBLEM_RULES)}"
    assert all(rule_id in RULES for rule_id in PROBLEM_RULES.values())


def test_doc_sections_keep_fenced_headings_inside_a_section():
    doc = "## Example\n````markdown\n## not a section\n```\n````\n## Use instead\nx\n"
    assert doc_sections(doc) == {"Example": "````markdown\n## not a section\n```\n````",
                                 "Use instead": "x"}
