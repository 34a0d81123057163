"""What the rule fixtures cannot express: files on disk (symlinks, case), a missing bash,
and the scope analysis behind DK303 on its own."""
from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.lint.rules import code, images
from mlops_deck.lint.rules.code_names import undefined_names
from mlops_deck.parse import parse_deck

RULES = all_rules()


def run(rule_id: str, text: str, path: Path, root: Path, **options) -> list[str]:
    deck = parse_deck(text, path)
    ctx = RuleContext(options={**RULES[rule_id].options, **options}, root=root)
    return [f"{f.span.line}:{f.span.col} {f.message}" for f in RULES[rule_id].func(deck, ctx)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "deck").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "flow.svg").write_text("<svg/>")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.svg").write_text("<svg/>")
    return tmp_path


def test_symlink_pointing_out_of_the_project_is_refused(project: Path):
    root = project / "proj"
    (root / "deck").mkdir(parents=True)
    (root / "assets").mkdir()
    os.symlink(project / "outside" / "secret.svg", root / "assets" / "link.svg")
    text = "# A\n\n![Link](../assets/link.svg)\n"
    deck_path = root / "deck" / "d.md"
    assert run("DK502", text, deck_path, root) == [
        "3:1 image `../assets/link.svg` resolves outside the project "
        f"({root}); it is not read"]
    assert run("DK501", text, deck_path, root) == []


def test_outside_paths_are_never_looked_at(project: Path, monkeypatch):
    looked: list[str] = []
    real_listdir = os.listdir
    monkeypatch.setattr(images.os, "listdir", lambda p: looked.append(str(p)) or real_listdir(p))
    text = "![A](../../outside/secret.svg) ![B](/etc/passwd) ![C](../assets/flow.svg)\n"
    root = project / "deck"  # a project holding only deck/: assets/ and outside/ are out
    assert run("DK501", text, project / "deck" / "d.md", root) == []
    assert looked == []
    assert len(run("DK502", text, project / "deck" / "d.md", root)) == 3


def test_case_mismatch_names_the_file_that_exists(project: Path):
    found = run("DK501", "![Flow](../assets/Flow.SVG)\n", project / "deck" / "d.md", project)
    assert found == ["1:1 image file not found: assets/Flow.SVG (only `flow.svg` exists "
                     "(names are case-sensitive))"]
    assert run("DK501", "![Flow](../assets/flow.svg)\n", project / "deck" / "d.md",
               project) == []


def test_a_folder_is_not_an_image(project: Path):
    found = run("DK501", "![Assets](../assets)\n", project / "deck" / "d.md", project)
    assert found == ["1:1 image file not found: assets (it is not a file)"]


def test_shell_check_without_bash_reports_nothing(monkeypatch, tmp_path: Path):
    import shutil
    monkeypatch.setattr(shutil, "which", lambda name: None)
    text = "```bash\nif true; then\n```\n"
    assert run("DK304", text, tmp_path / "d.md", tmp_path) == []


def test_shell_check_runs_nothing(tmp_path: Path):
    marker = tmp_path / "ran"
    text = f"```bash\ntouch {marker}\n```\n"
    assert run("DK304", text, tmp_path / "d.md", tmp_path) == []
    assert not marker.exists()


def test_bash_error_line_is_mapped_into_the_deck(tmp_path: Path):
    text = "# A\n\n```sh\necho ok\nfi\n```\n"
    assert run("DK304", text, tmp_path / "d.md", tmp_path) == [
        "5:1 shell syntax error: syntax error near unexpected token `fi'"]
    assert code._bash_error("/nonexistent/bash", "ls") is None


def names(src: str) -> list[tuple[str, int]]:
    return [(n.id, n.lineno) for n in undefined_names(ast.parse(src))]


@pytest.mark.parametrize("src,expected", [
    ("x = 1\nprint(x)", []),
    ("print(y)\ny = 1", []),  # order is not checked (pyflakes does; snippets reorder)
    ("def f(a, /, b, *c, d=1, **e):\n    return a, b, c, d, e, g", [("g", 2)]),
    ("class K:\n    a = 1\n    def m(self):\n        return a", [("a", 4)]),
    ("class K:\n    a = 1\n    b = [a for _ in range(2)]", [("a", 3)]),
    ("def outer():\n    v = 1\n    def inner():\n        nonlocal v\n        return v\n", []),
    ("def f():\n    global G\n    G = 1\nprint(G)", []),
    ("[w for w in range(3)]\nprint(w)", [("w", 2)]),
    ("if (n := 3):\n    pass\nprint([m := 1 for _ in 'a'], n, m)", []),
    ("import a.b.c\nimport d as e\nfrom f import g as h\nprint(a, e, h, b)", [("b", 4)]),
    ("try:\n    pass\nexcept E as err:\n    print(err)", [("E", 3)]),
    ("match p:\n    case {'k': v, **rest}:\n        print(v, rest)\n    case [x, *xs]:\n"
     "        print(x, xs)", [("p", 1)]),
    ("f = lambda q, r=s: q + t", [("s", 1), ("t", 1)]),
    ("from os import *\nprint(anything)", []),
    ("print(__name__, __file__, len, Exception)", []),
])
def test_scope_analysis(src, expected):
    assert names(src) == expected
