"""`mlops-deck inspect`: the JSON contract of issue 2 (keys may be added, never removed)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mlops_deck.cli import main

from conftest import DECK, FIXTURES

DECK_KEYS = {"path", "slide_count", "size", "theme", "slides"}
SLIDE_KEYS = {"index", "line", "end_line", "title", "class", "paginate", "page_number",
              "page_total", "header", "footer", "directives", "notes", "images", "code_blocks"}
IMAGE_KEYS = {"src", "alt", "line", "width", "height", "background", "keywords"}
CODE_KEYS = {"lang", "line", "line_count"}


DELIVERED = FIXTURES / "parity" / "mlops-guide.md"  # the deck as delivered, frozen


def inspect_json(path):
    result = CliRunner().invoke(main, ["inspect", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def shipped():
    return inspect_json(DELIVERED)


def test_live_deck_keeps_the_contract():
    view = inspect_json(DECK)
    assert DECK_KEYS <= view.keys() and view["path"] == str(DECK)
    assert view["slide_count"] == len(view["slides"]) > 0
    assert all(SLIDE_KEYS <= s.keys() for s in view["slides"])


def test_json_keeps_the_issue_keys_and_types(shipped):
    assert DECK_KEYS <= shipped.keys()
    assert isinstance(shipped["path"], str) and shipped["slide_count"] == 125
    assert shipped["size"] == [1280, 720] and shipped["theme"] == "gaia"
    for slide in shipped["slides"]:
        assert SLIDE_KEYS <= slide.keys()
        assert isinstance(slide["paginate"], bool)
        assert isinstance(slide["directives"], dict)
        assert all(isinstance(n, str) for n in slide["notes"])
        for image in slide["images"]:
            assert IMAGE_KEYS <= image.keys() and isinstance(image["keywords"], list)
        for code in slide["code_blocks"]:
            assert CODE_KEYS <= code.keys() and isinstance(code["line_count"], int)
    assert [s["index"] for s in shipped["slides"]] == list(range(1, 126))


def test_shipped_deck_values(shipped):
    slides = shipped["slides"]
    assert sum(1 for s in slides if s["class"] == "lead") == 12
    assert sum(1 for s in slides if s["notes"]) == 117
    assert sum(len(s["images"]) for s in slides) == 98
    first = slides[0]
    assert first["class"] == "lead" and first["line"] > 1
    assert first["directives"]["class"] == "lead"
    assert slides[2]["page_number"] == 3 and slides[2]["page_total"] == 125
    assert slides[2]["header"] and slides[2]["footer"]
    image = slides[2]["images"][0]
    assert (image["src"], image["alt"], image["width"], image["keywords"], image["background"]) \
        == ("../assets/slide-03-what-is-mlops.svg", "center", "800px", ["w:800"], False)


def test_json_for_a_fixture_has_code_block_lines():
    result = CliRunner().invoke(main, ["inspect", str(FIXTURES / "parity" / "code.md"),
                                       "--format", "json"])
    code = json.loads(result.stdout)["slides"][0]["code_blocks"]
    assert [(c["lang"], c["line"], c["line_count"]) for c in code] == [
        ("python", 1, 2), ("js", 8, 1), (None, 12, 1), (None, 16, 2), ("markdown", 19, 3)]


def test_text_format_lists_every_slide():
    result = CliRunner().invoke(main, ["inspect", str(DELIVERED)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{DELIVERED}: 125 slides, 1280x720, theme gaia")
    assert len([l for l in lines if l.strip()[:1].isdigit()]) == 125


@pytest.mark.parametrize("args", [["--help"], ["inspect", "--help"], ["--version"]])
def test_help_and_version(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert result.stdout.strip()
    if "inspect" in args:
        assert "--format" in result.stdout and "json" in result.stdout


def test_unknown_format_is_a_usage_error():
    result = CliRunner().invoke(main, ["inspect", str(DECK), "--format", "yaml"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
