"""`mlops-deck lint` and `mlops-deck rules` end to end: paths, formats, exit codes, --fix."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import FIXTURES, ROOT, SHARED
from mlops_deck.cli import main
from mlops_deck.lint import registry
from mlops_deck.lint.registry import Rule, all_rules

CLEAN = "---\nmarp: true\n---\n\n# Slide\n\ntext\n"
UNUSED = "---\nmarp: true\n---\n\n# Slide\n\n<!-- lint ignore DK004 -->\n\ntext\n"  # DK002 W
UNCLOSED = "---\nmarp: true\n---\n\n# Slide\n\n```python\nx = 1\n"  # DK004 error


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "deck").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args):
    result = CliRunner().invoke(main, ["lint", "--select", "DK0", "--no-cache", *args])
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_deck_exits_0(project):
    write(project / "deck" / "a.md", CLEAN)
    code, out, _ = run("deck/a.md")
    assert (code, out) == (0, "No problems found in 1 deck.\n")


def test_warnings_exit_0_unless_fail_on_warning(project):
    write(project / "deck" / "a.md", UNUSED)
    code, out, _ = run("deck/a.md")
    assert code == 0
    assert out.splitlines()[0] == ("deck/a.md:7:1: DK002 unused suppression `lint ignore DK004`: "
                                   "nothing to suppress [unused-suppression]")
    assert run("deck/a.md", "--fail-on", "warning")[0] == 1


def test_errors_exit_1(project):
    write(project / "deck" / "a.md", UNCLOSED)
    code, out, _ = run("deck/a.md")
    assert code == 1 and "deck/a.md:7:1: DK004 " in out and "Found 1 error in 1 deck." in out


def test_default_paths_are_the_decks_under_deck(project):
    write(project / "deck" / "a.md", UNCLOSED)
    write(project / "deck" / "sub" / "b.md", UNUSED)
    write(project / "deck" / "CHANGES.md", "# Changes\n\n```\nnot a deck\n")
    write(project / "other.md", UNCLOSED)
    code, out, _ = run()
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()[:-1]] == ["deck/a.md",
                                                                      "deck/sub/b.md"]
    assert "in 2 decks." in out.splitlines()[-1]


def test_globs_and_non_deck_files(project):
    write(project / "deck" / "a.md", UNCLOSED)
    write(project / "deck" / "b.md", CLEAN)
    write(project / "README.md", "# Readme\n")
    code, out, err = run("deck/*.md", "README.md")
    assert code == 1 and out.splitlines()[-1] == "Found 1 error in 2 decks."
    assert "README.md is not a Marp deck" in err


def test_svg_path_lints_the_decks_that_use_it(project):
    write(project / "assets" / "used.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    write(project / "assets" / "orphan.svg", "<svg/>")
    write(project / "deck" / "a.md", UNCLOSED.replace("```", "![w:100](../assets/used.svg)\n\n```"))
    write(project / "deck" / "b.md", CLEAN)
    code, out, _ = run("assets/used.svg")
    assert code == 1 and out.startswith("deck/a.md:9:1: DK004") and "in 1 deck." in out
    assert run("assets/orphan.svg")[:2] == (0, "No problems found in 0 decks.\n")


@pytest.mark.parametrize("args, words", [
    (("nope.md",), "nope.md: no such file or directory"),
    (("deck/*.nothing",), "no file matches this pattern"),
    (("deck", "--select", "DK9999"), "--select: no rule matches 'DK9999'"),
    (("deck", "--ignore", "no-such-rule"), "--ignore: no rule matches 'no-such-rule'"),
    (("deck", "--format", "xml"), "Invalid value for '--format'"),
])
def test_usage_errors_exit_2(project, args, words):
    write(project / "deck" / "a.md", CLEAN)
    code, _, err = run(*args)
    assert code == 2 and words in err


def test_no_paths_and_no_deck_folder_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run()
    assert code == 2 and "no PATHS given and no deck/ folder here" in err


def test_bad_config_exits_2_with_file_and_line(project):
    write(project / "deck" / "a.md", CLEAN)
    write(project / "pyproject.toml", '[tool.mlops-deck.lint]\nselect = ["DK0"]\nfoo = 1\n')
    code, _, err = run("deck")
    assert code == 2
    assert err.strip() == (f"mlops-deck: error: {project / 'pyproject.toml'}:3: unknown key "
                           "'foo' (expected one of select, extend-select, ignore, fail-on, "
                           "severity, per-file-ignores, exclude, or a rule id or name holding its options)")


def test_config_fail_on_and_severity_apply(project):
    write(project / "deck" / "a.md", UNUSED)
    write(project / ".mlops-deck.yml", "lint:\n  severity:\n    unused-suppression: error\n")
    assert run("deck")[0] == 1
    write(project / ".mlops-deck.yml", "lint:\n  fail-on: warning\n")
    assert run("deck")[0] == 1
    write(project / ".mlops-deck.yml", "lint:\n  per-file-ignores:\n    'deck/*.md': [DK002]\n")
    assert run("deck")[:2] == (0, "No problems found in 1 deck.\n")


def test_exclude_skips_walked_and_looked_up_decks_but_not_named_ones(project):
    write(project / "pyproject.toml", '[tool.mlops-deck.lint]\nexclude = ["deck/fixtures/**"]\n')
    write(project / "assets" / "fig.svg", "<svg/>")
    using = UNCLOSED.replace("```", "![w:100](../../assets/fig.svg)\n\n```")
    write(project / "deck" / "fixtures" / "broken.md", using)
    write(project / "deck" / "a.md", CLEAN)
    assert run()[:2] == (0, "No problems found in 1 deck.\n")
    assert run("assets/fig.svg")[:2] == (0, "No problems found in 0 decks.\n")
    assert run("deck/fixtures/broken.md")[0] == 1  # named explicitly: linted


def test_cache_hit_needs_no_rule_loading_but_a_bad_config_still_fails(project, monkeypatch):
    write(project / "deck" / "a.md", UNUSED)
    write(project / ".mlops-deck.yml", "lint:\n  fail-on: warning\n")
    first = CliRunner().invoke(main, ["lint", "deck"])
    again = CliRunner().invoke(main, ["lint", "deck"])
    assert (first.exit_code, again.exit_code) == (1, 1) and first.stdout == again.stdout
    write(project / ".mlops-deck.yml", "lint:\n  fail-on: sometimes\n")
    bad = CliRunner().invoke(main, ["lint", "deck"])
    assert bad.exit_code == 2 and ".mlops-deck.yml:2: fail-on must be" in bad.stderr


def test_a_crashing_rule_exits_2_and_names_the_rule(project, monkeypatch):
    def crash(deck, ctx):
        raise RuntimeError("kaput")

    all_rules()
    monkeypatch.setitem(registry.RULES, "DK098", Rule("DK098", "test-crash",
                                                      registry.Severity.ERROR, (), crash, {}))
    write(project / "deck" / "a.md", UNCLOSED)
    code, out, _ = run("deck")
    assert code == 2
    assert "DK004" in out  # the other rules still reported
    assert "internal error in rule DK098 (test-crash): RuntimeError: kaput" in out


def test_output_file_and_formats(project):
    write(project / "deck" / "a.md", UNCLOSED)
    code, out, _ = run("deck", "--format", "json", "--output", "report.json")
    assert (code, out) == (1, "")
    [item] = json.loads((project / "report.json").read_text())
    assert (item["rule_id"], item["line"], item["slide"]) == ("DK004", 7, 1)
    code, out, _ = run("deck", "--format", "github")
    assert out.startswith("::error file=deck/a.md,line=7,col=1,")


def test_output_to_a_device_writes_through_it(project):
    write(project / "deck" / "a.md", UNCLOSED)
    assert run("deck", "--output", os.devnull)[:2] == (1, "")
    assert Path(os.devnull).is_char_device()  # not replaced by a regular file


def test_fix_rewrites_the_deck_and_relints(project):
    deck = write(project / "deck" / "a.md", UNUSED)
    code, out, err = run("deck", "--fix")
    assert code == 0 and out == "No problems found in 1 deck.\n"
    assert "fixed 1 problem(s) in deck/a.md" in err
    assert deck.read_text() == "---\nmarp: true\n---\n\n# Slide\n\n\ntext\n"


def test_shipped_deck_as_delivered_gives_schema_valid_sarif(tmp_path):
    source = SHARED / "deck-source" / "mlops-guide.md"
    if not source.exists():
        pytest.skip("shared deck source not present")
    out = tmp_path / "report.sarif"
    result = CliRunner().invoke(main, ["lint", str(source), "--no-cache", "--format", "sarif",
                                       "-o", str(out)])
    assert result.exit_code in (0, 1), result.stderr
    doc = json.loads(out.read_text())
    schema = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
    lines = source.read_text(encoding="utf-8").count("\n") + 1
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in doc["runs"][0]["results"]]
    assert all(1 <= r["startLine"] <= lines for r in regions)


def test_colour_on_a_tty_only(project):
    import pty

    write(project / "deck" / "a.md", UNCLOSED)
    cmd = [sys.executable, "-m", "mlops_deck", "lint", "--select", "DK0", "--no-cache", "deck"]
    piped = subprocess.run(cmd, capture_output=True, text=True, cwd=project)
    assert "\x1b[" not in piped.stdout and piped.returncode == 1
    master, slave = pty.openpty()
    proc = subprocess.Popen(cmd, stdout=slave, stderr=subprocess.DEVNULL, cwd=project)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(master)
    assert b"\x1b[31;1mDK004\x1b[0m" in b"".join(chunks) and proc.returncode == 1


def test_rules_list_and_doc():
    runner = CliRunner()
    listing = runner.invoke(main, ["rules"])
    assert listing.exit_code == 0
    assert any(line.startswith("DK002  unused-suppression") for line in
               listing.stdout.splitlines())
    assert listing.stdout.rstrip().endswith(f"{len(all_rules())} rules.")
    doc = runner.invoke(main, ["rules", "unused-suppression"])
    assert doc.exit_code == 0 and doc.stdout.startswith("DK002 unused-suppression")
    assert "## Why is this bad?" in doc.stdout
    rows = json.loads(runner.invoke(main, ["rules", "--format", "json"]).stdout)
    assert {r["id"] for r in rows} == set(all_rules())
    missing = runner.invoke(main, ["rules", "DK9999"])
    assert missing.exit_code == 2 and "unknown rule 'DK9999'" in missing.stderr


def test_the_repository_deck_lints_without_internal_errors():
    result = CliRunner().invoke(main, ["lint", str(ROOT / "deck" / "mlops-guide.md"),
                                       "--no-cache"])
    assert result.exit_code in (0, 1), result.stdout[-2000:] + result.stderr


def test_render_hands_real_layout_measurements_to_the_layout_rules(project):
    if "DK601" not in all_rules():
        pytest.skip("layout rules not registered")
    bullets = "".join(f"- item {i}\n" for i in range(30))
    write(project / "deck" / "a.md", f"---\ntheme: gaia\n---\n\n# Long\n\n{bullets}")
    without = CliRunner().invoke(main, ["lint", "--select", "DK601", "--no-cache", "deck"])
    assert without.exit_code == 0
    measured = CliRunner().invoke(main, ["lint", "--select", "DK601", "--render", "deck"])
    assert measured.exit_code == 1, measured.stdout + measured.stderr
    found = re.match(r"deck/a\.md:(\d+):\d+: DK601 ", measured.stdout)
    assert found and 7 <= int(found.group(1)) <= 36, measured.stdout  # inside the list


# Runs the CLI in-process, then names the heavy modules that got imported.
_IMPORTED = ("import sys\nfrom mlops_deck.cli import main\n"
             "try:\n    main(['lint', 'deck'])\nexcept SystemExit:\n    pass\n"
             "print(' '.join(m for m in ('markdown_it', 'lxml', 'cairosvg', 'hashlib')\n"
             "               if m in sys.modules))\n")


def test_what_a_lint_imports_depends_on_what_is_cached(project):
    """A re-run answered from the cache reads files and prints: no Markdown parser, no SVG
    libraries. A lint after an edit parses the deck, but with every SVG result cached it
    still loads no SVG library."""
    write(project / "deck" / "a.md", CLEAN + "\n![w:400 a box](../assets/box.svg)\n")
    write(project / "assets" / "box.svg", (FIXTURES / "svg" / "good" / "diagram.svg")
          .read_text(encoding="utf-8"))

    def imported() -> set[str]:
        out = subprocess.run([sys.executable, "-c", _IMPORTED], cwd=project, text=True,
                             capture_output=True, check=True).stdout
        return set(out.split("\n")[-2].split())
    assert {"markdown_it", "lxml", "cairosvg"} <= imported()  # first lint: everything
    assert imported() == set()  # unchanged: answered from the cache
    write(project / "deck" / "a.md", CLEAN.replace("text", "edited") +
          "\n![w:400 a box](../assets/box.svg)\n")
    assert imported() == {"markdown_it"}  # the deck is parsed; the SVG results are on disk
