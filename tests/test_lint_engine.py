"""The lint engine: rule isolation, severity/selection, suppressions, config, fixes, cache."""
from __future__ import annotations

from pathlib import Path

import pytest

from mlops_deck.diagnostics import Severity
from mlops_deck.lint import registry
from mlops_deck.lint.config import ConfigError, LintConfig, load_config
from mlops_deck.lint.fix import apply_fixes
from mlops_deck.lint.registry import Finding, Fix, Rule, all_rules
from mlops_deck.lint.runner import lint_deck
from mlops_deck.lint.session import Options, Session
from mlops_deck.model import Span
from mlops_deck.parse import parse_deck


def _add_rule(monkeypatch, rule_id, name, func, severity=Severity.WARNING, options=None,
              fixable=False):
    all_rules()  # register the real families first
    monkeypatch.setitem(registry.RULES, rule_id, Rule(rule_id, name, severity, ("test",), func,
                                                      dict(options or {}), fixable))


def every_heading(deck, ctx):
    for slide in deck.slides:
        for heading in slide.headings:
            yield Finding(heading.span, f"heading {heading.text}")


@pytest.fixture
def heading_rule(monkeypatch):
    _add_rule(monkeypatch, "DK990", "test-every-heading", every_heading)
    return LintConfig(select=("DK990", "DK0"))


DECK = "---\nmarp: true\n---\n\n# One\n\n---\n\n# Two\n"


def lint(text, config, tmp_path=Path("."), extra=None):
    return lint_deck(parse_deck(text, tmp_path / "d.md"), config, root=tmp_path, extra=extra)


def ids(result):
    return [f"{d.span.line}:{d.span.col} {d.rule_id}" for d in result.diagnostics]


def test_findings_are_stamped_with_path_rule_severity_and_slide(heading_rule):
    result = lint(DECK, heading_rule)
    assert ids(result) == ["5:1 DK990", "9:1 DK990"]
    first = result.diagnostics[0]
    assert (first.rule_name, first.severity, first.slide) == ("test-every-heading",
                                                             Severity.WARNING, 1)
    assert result.diagnostics[1].slide == 2
    assert str(first) == "d.md:5:1: DK990 heading One [test-every-heading]"


def test_findings_at_one_place_with_and_without_an_end_sort(monkeypatch):
    _add_rule(monkeypatch, "DK996", "test-open-end", lambda d, c: [Finding(Span(5), "a")])
    _add_rule(monkeypatch, "DK997", "test-closed-end",
              lambda d, c: [Finding(Span(5, 1, 5, 4), "b")])
    assert ids(lint(DECK, LintConfig(select=("DK996", "DK997")))) == ["5:1 DK996", "5:1 DK997"]


def test_a_crashing_rule_is_an_internal_error_and_the_others_still_run(monkeypatch,
                                                                       heading_rule):
    def crash(deck, ctx):
        yield Finding(Span(1), "partial")
        raise ZeroDivisionError("boom")

    _add_rule(monkeypatch, "DK991", "test-crash", crash)
    result = lint(DECK, LintConfig(select=("DK99",)))
    assert ids(result) == ["5:1 DK990", "9:1 DK990"]
    [error] = result.internal_errors
    assert error.rule_id == "DK991" and "ZeroDivisionError: boom" in error.message
    assert "internal error in rule DK991 (test-crash)" in str(error)
    assert result.exit_code() == 2


def test_a_finding_outside_the_deck_is_a_rule_bug(monkeypatch):
    _add_rule(monkeypatch, "DK992", "test-bad-span", lambda d, c: [Finding(Span(999), "x")])
    result = lint(DECK, LintConfig(select=("DK992",)))
    assert not result.diagnostics
    assert "outside the deck" in result.internal_errors[0].message


def test_extra_is_merged_into_the_rule_context_cache(monkeypatch):
    seen = {}

    def peek(deck, ctx):
        seen.update(ctx.cache)
        return []

    _add_rule(monkeypatch, "DK993", "test-peek", peek)
    lint(DECK, LintConfig(select=("DK993",)), extra={"layout": {"slide": 1}})
    assert seen["layout"] == {"slide": 1}


def test_options_reach_the_rule_merged_over_defaults(monkeypatch):
    seen = {}
    _add_rule(monkeypatch, "DK994", "test-options",
              lambda d, c: seen.update(c.options) or [], options={"max": 6, "mode": "a"})
    lint(DECK, LintConfig(select=("DK994",), options={"DK994": {"max": 3}}))
    assert seen == {"max": 3, "mode": "a"}


@pytest.mark.parametrize("config, expected", [
    (LintConfig(select=("DK990",)), 2),
    (LintConfig(select=("test-every-heading",)), 2),
    (LintConfig(select=("DK9",)), 2),
    (LintConfig(select=("DK9",), ignore=("DK990",)), 0),
    (LintConfig(select=("DK990",), severity={"DK990": "off"}), 0),
    (LintConfig(select=("DK1",)), 0),
])
def test_selection_by_id_name_and_prefix(heading_rule, config, expected):
    assert len([d for d in lint(DECK, config).diagnostics if d.rule_id == "DK990"]) == expected


def test_severity_override_and_exit_codes(heading_rule):
    result = lint(DECK, LintConfig(select=("DK990",), severity={"DK990": "error"}))
    assert {d.severity for d in result.diagnostics} == {Severity.ERROR}
    assert result.exit_code() == 1
    warned = lint(DECK, LintConfig(select=("DK990",)))
    assert warned.exit_code() == 0 and warned.exit_code(Severity.WARNING) == 1


def test_per_file_ignores(heading_rule, tmp_path):
    config = LintConfig(select=("DK990",), per_file_ignores=(("drafts/*.md", ("DK9",)),),
                        base=tmp_path)
    assert config.rules_for(tmp_path / "drafts" / "x.md", all_rules()) == []
    assert [r.id for r in config.rules_for(tmp_path / "final.md", all_rules())] == ["DK990"]


# --- suppressions -------------------------------------------------------------------------

def test_disable_enable_range(heading_rule):
    text = ("---\nmarp: true\n---\n\n<!-- lint disable DK990 -- title slide -->\n# One\n\n"
            "---\n\n# Two\n\n<!-- lint enable DK990 -->\n\n---\n\n# Three\n")
    assert ids(lint(text, heading_rule)) == ["16:1 DK990"]


def test_disable_by_name_prefix_lowercase_id_and_all(heading_rule):
    for ids_text in ("test-every-heading", "DK9", "dk990", ""):
        text = f"---\nmarp: true\n---\n\n<!-- lint disable {ids_text} -->\n# One\n"
        assert ids(lint(text, heading_rule)) == [], ids_text


def test_ignore_covers_the_next_block_only(heading_rule):
    text = "---\nmarp: true\n---\n\n<!-- lint ignore DK990 -->\n# One\n\n# Again\n"
    assert ids(lint(text, heading_rule)) == ["8:1 DK990"]


def test_unused_and_unknown_suppressions_are_reported(heading_rule):
    text = ("---\nmarp: true\n---\n\n# One\n\n<!-- lint ignore DK990 -->\n\nplain text\n\n"
            "<!-- lint disable DK999 -->\n\n<!-- lint enable DK990 -->\n")
    result = lint(text, heading_rule)
    assert ids(result) == ["5:1 DK990", "7:1 DK002", "11:1 DK003", "13:1 DK002"]
    messages = [d.message for d in result.diagnostics]
    assert "unknown rule 'DK999'" in messages[2]
    assert "ends no `lint disable`" in messages[3]


def test_suppressions_of_rules_that_did_not_run_are_not_called_unused(heading_rule):
    text = "---\nmarp: true\n---\n\n<!-- lint ignore DK990 -->\n# One\n"
    assert ids(lint(text, LintConfig(select=("DK0",)))) == []
    assert ids(lint(text, LintConfig(select=("DK0", "DK990"), severity={"DK990": "off"}))) == []


def test_suppressions_of_render_rules_are_judged_only_with_measurements(monkeypatch):
    _add_rule(monkeypatch, "DK995", "test-layout",
              lambda d, c: list(every_heading(d, c)) if "layout" in c.cache else [])
    rule_ = registry.RULES["DK995"]
    monkeypatch.setitem(registry.RULES, "DK995", Rule(rule_.id, rule_.name, rule_.severity,
                                                      ("render",), rule_.func, {}))
    text = "---\nmarp: true\n---\n\n<!-- lint ignore DK995 -->\n# One\n"
    config = LintConfig(select=("DK0", "DK995"))
    assert ids(lint(text, config)) == []  # not measured: DK002 can't tell
    assert ids(lint(text, config, extra={"layout": object()})) == []  # used
    assert ids(lint("---\nmarp: true\n---\n\n<!-- lint ignore DK995 -->\n\ntext\n# One\n",
                    config, extra={"layout": object()})) == ["5:1 DK002", "8:1 DK995"]


def test_a_used_suppression_is_not_reported(heading_rule):
    text = "---\nmarp: true\n---\n\n<!-- lint ignore DK990 -->\n# One\n"
    assert ids(lint(text, heading_rule)) == []


def test_suppression_marp_would_show_as_a_note_is_not_a_suppression(heading_rule):
    # `lint-disable` (hyphen) is not a form Marp drops: it is a speaker note, not ours
    text = "---\nmarp: true\n---\n\n<!-- lint-disable DK990 -->\n# One\n"
    assert ids(lint(text, heading_rule)) == ["6:1 DK990"]


# --- fixes --------------------------------------------------------------------------------

def test_apply_fixes_replace_delete_insert_and_overlap(heading_rule):
    text = "a\nb\nc\nd\n"
    diag = lint(DECK, heading_rule).diagnostics[0]
    fixes = [(diag, Fix.replace(1, "A")), (diag, Fix.delete(3)), (diag, Fix.insert(4, "x")),
             (diag, Fix.replace(1, "clash"))]
    assert apply_fixes(text, fixes) == ("A\nb\nx\nd\n", 3)  # the clashing edit is skipped
    assert apply_fixes("a\nb", [(diag, Fix.replace(2, "B"))]) == ("a\nB", 1)
    crlf = "\ufeffa\r\nb\r\n"
    assert apply_fixes(crlf, [(diag, Fix.insert(1, "x", "y"))]) == (
        "\ufeffx\r\ny\r\na\r\nb\r\n", 1)
    assert apply_fixes(crlf, [(diag, Fix.delete(2))]) == ("\ufeffa\r\n", 1)


def test_fix_removes_unused_suppression_and_relints(tmp_path, heading_rule):
    deck = tmp_path / "d.md"
    deck.write_text("---\nmarp: true\n---\n\n# One\n\n<!-- lint ignore DK990 -->\n\ntext\n")
    outcome = Session(Options(select=("DK990", "DK0"), fix=True)).lint([deck])
    assert deck.read_text() == "---\nmarp: true\n---\n\n# One\n\n\ntext\n"
    assert outcome.fixed == {deck: 1}
    assert ids(outcome.result) == ["5:1 DK990"]


# --- config -------------------------------------------------------------------------------

def test_config_from_pyproject(tmp_path, heading_rule):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.mlops-deck.lint]\nselect = ["DK9"]\n'
        'ignore = ["test-every-heading"]\nfail-on = "warning"\n'
        '[tool.mlops-deck.lint.severity]\nDK990 = "error"\n')
    (tmp_path / "deck").mkdir()
    config = load_config(tmp_path / "deck")
    assert config.select == ("DK9",) and config.ignore == ("test-every-heading",)
    assert config.fail_on == Severity.WARNING and config.severity == {"DK990": "error"}
    assert config.source == tmp_path / "pyproject.toml"


def test_nearest_config_wins(tmp_path, heading_rule):
    (tmp_path / "pyproject.toml").write_text('[tool.mlops-deck.lint]\nselect = ["DK9"]\n')
    (tmp_path / "deck").mkdir()
    (tmp_path / "deck" / ".mlops-deck.yml").write_text("lint:\n  select: [DK990]\n")
    assert load_config(tmp_path / "deck").select == ("DK990",)
    assert load_config(tmp_path).select == ("DK9",)


@pytest.mark.parametrize("text, where, words", [
    ('[tool.mlops-deck.lint]\nselect = ["DK990"]\nselcet = []\n', 3, "unknown key 'selcet'"),
    ('[tool.mlops-deck.lint]\nselect = ["DK9999"]\n', 2, "no rule matches 'DK9999'"),
    ('[tool.mlops-deck.lint]\n\n[tool.mlops-deck.lint.DK994]\nmax = "six"\n', 4,
     "expected int"),
    ('[tool.mlops-deck.lint.test-options]\nmaxx = 3\n', 2, "has no option 'maxx'"),
    ('[tool.mlops-deck.lint]\nseverity = { DK990 = "loud" }\n', 2, "must be one of"),
    ('[tool.mlops-deck.lint]\n[tool.mlops-deck.lint.per-file-ignores]\n"a/*.md" = ["DK9999"]\n',
     3, "no rule matches 'DK9999'"),
    ('[tool.mlops-deck.lint\nselect = 1\n', 1, "invalid TOML"),
])
def test_bad_pyproject_is_a_config_error_with_line(monkeypatch, tmp_path, text, where, words):
    _add_rule(monkeypatch, "DK994", "test-options", lambda d, c: [], options={"max": 6})
    _add_rule(monkeypatch, "DK990", "test-every-heading", every_heading)
    (tmp_path / "pyproject.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'pyproject.toml'}:{where}: ")
    assert words in str(caught.value)


@pytest.mark.parametrize("text, where, words", [
    ("lint:\n  select: [DK990]\n  ignroe: [DK1]\n", 3, "unknown key 'ignroe'"),
    ("lint:\n  DK994:\n    max: 2.5\n", 3, "expected int"),
    ("build:\n  x: 1\n", 1, "unknown key 'build'"),
    ("lint:\n  select: [DK990\n", 3, "invalid YAML"),
])
def test_bad_yaml_config_is_a_config_error_with_line(monkeypatch, tmp_path, text, where, words):
    _add_rule(monkeypatch, "DK994", "test-options", lambda d, c: [], options={"max": 6})
    _add_rule(monkeypatch, "DK990", "test-every-heading", every_heading)
    (tmp_path / ".mlops-deck.yml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / '.mlops-deck.yml'}:{where}: ")
    assert words in str(caught.value)


def test_rule_options_from_config_reach_the_rule(monkeypatch, tmp_path):
    seen = {}
    _add_rule(monkeypatch, "DK994", "test-options",
              lambda d, c: seen.update(c.options) or [], options={"max_items": 6})
    (tmp_path / ".mlops-deck.yml").write_text(
        "lint:\n  select: [DK994]\n  test-options:\n    max-items: 4\n")
    config = load_config(tmp_path)
    lint(DECK, config, tmp_path)
    assert seen == {"max_items": 4}


# --- cache --------------------------------------------------------------------------------

def _project(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.svg").write_text("<svg/>")
    deck = tmp_path / "d.md"
    deck.write_text("---\nmarp: true\n---\n\n# One\n\n![x](assets/a.svg)\n")
    return deck


def test_cache_hits_when_nothing_changed_and_misses_on_any_input(tmp_path, heading_rule):
    deck = _project(tmp_path)
    options = Options(select=("DK990",))
    first = Session(options).lint([deck])
    again = Session(options).lint([deck])
    assert (first.cached, again.cached) == (0, 1)
    assert ids(again.result) == ids(first.result) == ["5:1 DK990"]
    assert not list((tmp_path / ".mlops-deck-cache" / "lint").glob("*.tmp"))
    assert (tmp_path / ".mlops-deck-cache" / "CACHEDIR.TAG").exists()

    (tmp_path / "assets" / "a.svg").write_text("<svg></svg>")  # asset content changed
    assert Session(options).lint([deck]).cached == 0
    assert Session(Options(select=("DK99",))).lint([deck]).cached == 0  # config changed
    deck.write_text(deck.read_text() + "\n# Two\n")  # deck changed
    changed = Session(Options(select=("DK99",))).lint([deck])
    assert changed.cached == 0 and len(changed.result.diagnostics) == 2
    assert Session(Options(select=("DK99",), use_cache=False)).lint([deck]).cached == 0


def test_no_cache_neither_reads_nor_writes_the_cache_folder(tmp_path):
    deck = _project(tmp_path)
    Session(Options(select=("DK510",), use_cache=False)).lint([deck])
    assert not (tmp_path / ".mlops-deck-cache").exists()
    Session(Options(select=("DK510",))).lint([deck])  # persists the SVG's results
    assets = tmp_path / ".mlops-deck-cache" / "assets"
    [entry] = assets.glob("*/*.json")
    entry.write_text("{}")  # emptied: a run using the folder would analyse and write it again
    before = {p: p.stat().st_mtime_ns for p in assets.glob("*/*.json")}
    Session(Options(select=("DK510",), use_cache=False)).lint([deck])
    assert {p: p.stat().st_mtime_ns for p in assets.glob("*/*.json")} == before


def test_suppressions_are_exactly_the_comments_marp_cli_drops():
    from conftest import FIXTURES
    from mlops_deck.lint import suppress

    folder = FIXTURES / "suppressions"
    deck = parse_deck((folder / "marp-notes.md").read_text(), folder / "marp-notes.md")
    marp_notes = (folder / "marp-notes.marp-cli.txt").read_text().strip().split("\n\n")
    assert [n.text for s in deck.slides for n in s.notes] == marp_notes
    found = suppress.parse(deck, all_rules())
    assert [(s.action, s.selectors, s.reason) for s in found] == [
        ("disable", ("DK301",), "reason here"), ("ignore", ("DK301",), None),
        ("enable", (), None)]


def test_the_readme_config_example_is_valid(tmp_path):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```toml\n[tool.mlops-deck.lint]", 1)[1].split("```", 1)[0]
    (tmp_path / "pyproject.toml").write_text("[tool.mlops-deck.lint]" + block)
    config = load_config(tmp_path)
    assert config.source == tmp_path / "pyproject.toml" and config.ignore


def test_cache_misses_when_files_rules_read_unnamed_change(tmp_path, heading_rule):
    deck = _project(tmp_path)
    options = Options(select=("DK990",))
    Session(options).lint([deck])
    (tmp_path / "assets" / "unused.svg").write_text("<svg/>")  # unused-asset checks
    assert Session(options).lint([deck]).cached == 0
    assert Session(options).lint([deck]).cached == 1
    (tmp_path / "terms.yml").write_text("version: 1\n")  # a dictionary found upwards
    assert Session(options).lint([deck]).cached == 0
    (tmp_path / "notes.md").write_text("not data")  # other files don't matter
    assert Session(options).lint([deck]).cached == 1


def test_a_corrupt_cache_entry_is_ignored_and_rewritten(tmp_path, heading_rule):
    deck = _project(tmp_path)
    options = Options(select=("DK990",))
    Session(options).lint([deck])
    [entry] = (tmp_path / ".mlops-deck-cache" / "lint").glob("*.json")
    entry.write_text('{"key": ')
    again = Session(options).lint([deck])
    assert again.cached == 0 and ids(again.result) == ["5:1 DK990"]
    assert Session(options).lint([deck]).cached == 1


def test_builtin_hashes_equal_hashlibs():
    import hashlib

    from mlops_deck.hashing import blake2b, sha256
    assert sha256(b"deck").hexdigest() == hashlib.sha256(b"deck").hexdigest()
    assert blake2b(b"deck", digest_size=16).hexdigest() == \
        hashlib.blake2b(b"deck", digest_size=16).hexdigest()
