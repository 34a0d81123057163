"""The SVG rules together: hostile files reported, unused assets reported in their own file,
results memoised by content hash in a JSON-serialisable form an engine can persist."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck import svgsafe
from mlops_deck.lint.rules import svg_common, svg_render, svg_security, svg_text
from mlops_deck.lint.rules.svg_common import RESULTS_KEY, SVG_ROOT_TAG
from mlops_deck.parse import parse_deck

from conftest import FIXTURES

SVG = FIXTURES / "svg"
SVG_RULES = sorted(r for r in all_rules() if "svg" in all_rules()[r].tags)
HOSTILE_RULES = {"script.svg": "DK512", "onload.svg": "DK512", "javascript-link.svg": "DK512",
                 "external-href.svg": "DK513", "xxe.svg": "DK511",
                 "billion-laughs.svg": "DK511", "foreign-object.svg": "DK514",
                 "stylesheet-pi.svg": "DK513", "css-escapes.svg": "DK513"}


def run(deck, ctx: RuleContext, ids=SVG_RULES) -> list[tuple[str, object]]:
    rules = all_rules()
    return [(rid, f) for rid in ids for f in rules[rid].func(deck, ctx)]


def deck_showing(*paths: str, folder: Path = FIXTURES / "rules"):
    body = "\n\n".join(f"![w:800 diagram {i}]({p})" for i, p in enumerate(paths))
    return parse_deck(f"---\nclass: invert\n---\n\n# T\n\n{body}\n", folder / "deck.md")


@pytest.mark.parametrize("name,rule_id", HOSTILE_RULES.items())
def test_each_hostile_fixture_is_an_error(name: str, rule_id: str) -> None:
    found = run(deck_showing(f"../svg/hostile/{name}"), RuleContext())
    assert rule_id in {rid for rid, _ in found}
    assert all_rules()[rule_id].severity.name == "ERROR"


def test_the_good_fixture_passes_every_svg_rule() -> None:
    ids = [r for r in SVG_RULES if r != "DK540"]  # the fixture is not named slide-NN-*.svg
    assert run(deck_showing("../svg/good/diagram.svg"), RuleContext(), ids) == []


def test_unused_assets_are_checked_and_reported_in_their_own_file(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "deck").mkdir()
    shutil.copy(SVG / "good" / "diagram.svg", tmp_path / "assets" / "slide-01-flow.svg")
    shutil.copy(SVG / "hostile" / "onload.svg", tmp_path / "assets" / "old.svg")
    deck = parse_deck("---\nclass: invert\n---\n\n# T\n\n![w:800](../assets/slide-01-flow.svg)\n",
                      tmp_path / "deck" / "d.md")
    found = run(deck, RuleContext())
    assert sorted((rid, f.path.name, f.message.split(":")[:2]) for rid, f in found) == [
        ("DK512", "old.svg", ["old.svg", " event handler attribute"]),
        ("DK512", "old.svg", ["old.svg", "3"]), ("DK541", "old.svg", ["old.svg is not used by any "
                                                                    "slide of d.md"])]
    assert all(f.slide is None for _, f in found)
    assert all(f.path == tmp_path / "assets" / "old.svg" for _, f in found)


def test_results_are_json_and_a_preloaded_cache_skips_the_work(monkeypatch) -> None:
    deck = deck_showing("../svg/good/diagram.svg", "../svg/bad/low-contrast.svg",
                        "../svg/bad/text-overflow.svg", "../svg/bad/zero-size.svg")
    first = RuleContext()
    before = [(rid, f.message) for rid, f in run(deck, first)]
    saved = json.dumps(first.cache[RESULTS_KEY])  # what an engine would write to disk

    def must_not_run(*args, **kwargs):
        raise AssertionError("recomputed although the result was cached")
    monkeypatch.setattr(svg_render, "render", must_not_run)
    monkeypatch.setattr(svg_render, "_problems", must_not_run)
    monkeypatch.setattr(svg_text, "analyse", must_not_run)
    # nor is any file parsed again: every rule reads its memoised result, not the tree
    monkeypatch.setattr(svg_common, "parsed", must_not_run)
    monkeypatch.setattr(svg_security, "parsed", must_not_run)
    again = RuleContext(cache={RESULTS_KEY: json.loads(saved)})
    assert [(rid, f.message) for rid, f in run(deck, again)] == before
    assert any(rid == "DK527" for rid, _ in before) and any(rid == "DK525" for rid, _ in before)


def test_the_spelt_out_root_tag_is_svgsafes() -> None:
    assert SVG_ROOT_TAG == f"{{{svgsafe.SVG_NS}}}svg"


def test_identical_content_is_analysed_once(tmp_path: Path, monkeypatch) -> None:
    for name in ("a.svg", "b.svg"):
        shutil.copy(SVG / "good" / "diagram.svg", tmp_path / name)
    calls = []
    real = svg_render.render
    monkeypatch.setattr(svg_render, "render", lambda f: calls.append(f.name) or real(f))
    deck = deck_showing("a.svg", "b.svg", folder=tmp_path)
    run(deck, RuleContext(), ids=["DK525", "DK526"])
    assert calls == ["a.svg"]


ODD = sorted((SVG / "odd").glob("*.svg"))


@pytest.mark.parametrize("path", ODD, ids=lambda p: p.name)
def test_odd_files_give_findings_not_crashes(path: Path) -> None:
    deck = deck_showing(f"../svg/odd/{path.name}")
    found = run(deck, RuleContext())  # any exception fails the test
    assert all(f.message for _, f in found)


def test_odd_file_findings() -> None:
    found = {rid for rid, _ in run(deck_showing("../svg/odd/odd-values.svg"), RuleContext())}
    assert "DK515" in found  # viewBox "0 0 1e999 -5"
    assert "DK510" in {rid for rid, _ in run(deck_showing("../svg/odd/garbage.svg"),
                                              RuleContext())}


def test_the_cached_realpath_agrees_with_resolve_through_symlinks(tmp_path: Path) -> None:
    import os
    (tmp_path / "a" / "sub").mkdir(parents=True)
    (tmp_path / "a" / "x.svg").write_text("x")
    os.symlink(tmp_path / "a" / "x.svg", tmp_path / "a" / "link.svg")
    os.symlink(tmp_path / "a" / "sub", tmp_path / "b")  # b/.. is a, not tmp_path
    real = svg_common._realpaths()
    for path in (tmp_path / "a" / "x.svg", tmp_path / "a" / "link.svg",
                 tmp_path / "b" / ".." / "x.svg", tmp_path / "b" / "missing.svg",
                 Path(os.path.relpath(tmp_path / "a" / "x.svg"))):
        assert real(path) == str(path.resolve()), path
