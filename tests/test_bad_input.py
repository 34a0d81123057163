"""Bad input through the CLI: a one-line error naming the file (and line) with exit code 2,
or, for content problems, a normal parse whose problems lint reports. Never a traceback."""
from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from mlops_deck.cli import main
from mlops_deck.parse import load_deck

from conftest import ROOT


def inspect(*args: str):
    return CliRunner().invoke(main, ["inspect", *map(str, args)])


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mlops-deck: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output


def test_binary_file(tmp_path):
    deck = tmp_path / "slides.md"
    deck.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert_one_line_error(inspect(deck), str(deck), "binary")


def test_invalid_utf8_names_file_and_line(tmp_path):
    deck = tmp_path / "latin1.md"
    deck.write_bytes("# Titre\n\nCafé\n".encode("latin-1"))
    assert_one_line_error(inspect(deck), f"{deck}:3:", "UTF-8")


def test_empty_file_is_one_empty_slide_like_marp(tmp_path):
    deck = tmp_path / "empty.md"
    deck.write_bytes(b"")
    result = inspect(deck, "--format", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["slide_count"] == 1 and view["slides"][0]["title"] is None


def test_broken_front_matter_parses_and_records_a_problem(tmp_path):
    deck = tmp_path / "broken.md"
    deck.write_text("---\ntheme: gaia\nclass: [oops\n---\n\n# Still a slide\n",
                    encoding="utf-8")
    result = inspect(deck, "--format", "json")
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["theme"] is None  # Marp drops the whole front matter
    assert [(p["code"], p["line"] in (3, 4)) for p in view["problems"]] == [
        ("front-matter-yaml", True)]
    assert view["slides"][0]["title"] == "Still a slide"


def test_unclosed_fence_parses_and_records_a_problem(tmp_path):
    deck = tmp_path / "fence.md"
    deck.write_text("# A\n\n```python\nx = 1\n\n---\n\n# not a slide\n", encoding="utf-8")
    result = inspect(deck, "--format", "text")
    assert result.exit_code == 0, result.output
    assert f"{deck}:3: code fence is never closed" in result.stdout
    assert load_deck(deck).slides[0].code_blocks[0].closed is False


def test_missing_path():
    missing = ROOT / "no" / "such" / "deck.md"
    assert_one_line_error(inspect(missing), str(missing), "no such file")


def test_directory(tmp_path):
    assert_one_line_error(inspect(tmp_path), str(tmp_path), "directory")


def test_nul_bytes_after_the_first_block_are_replaced_not_fatal(tmp_path):
    deck = tmp_path / "late-nul.md"
    deck.write_bytes(b"# A\n\n" + b"text\n" * 3000 + b"bad \x00 byte\n")
    result = inspect(deck, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["slide_count"] == 1


def generated_deck(megabytes: float) -> str:
    """Many ordinary slides: heading, prose, a code block, an image and a note each."""
    prose = ("MLOps pipelines need reproducible data, versioned models and monitored "
             "endpoints. " * 20).strip()
    code = "\n".join(f"step_{i} = run_stage({i}, retries=3)  # stage {i}" for i in range(150))
    slide = (f"## Slide {{n}}\n\n{prose}\n\n- point one\n- point two\n\n```python\n{code}\n"
             "```\n\n![w:400 center](../assets/diagram.svg)\n\n<!-- speaker note {n} -->\n")
    parts, size, n = [], 0, 0
    while size < megabytes * 2**20:
        parts.append(slide.replace("{n}", str(n)))
        size += len(parts[-1]) + 5
        n += 1
    return "---\ntheme: gaia\npaginate: true\n---\n\n" + "\n---\n\n".join(parts)


def test_ten_megabyte_deck_completes(tmp_path):
    # Timing lives in `make bench` (scripts/bench_parse.py); here it only has to finish.
    deck = tmp_path / "big.md"
    deck.write_text(generated_deck(10), encoding="utf-8")
    assert deck.stat().st_size >= 10 * 2**20
    result = inspect(deck, "--format", "text")
    assert result.exit_code == 0, result.stderr
    first = result.stdout.splitlines()[0]
    count = int(first.split(": ", 1)[1].split()[0])
    assert count > 1000 and first.endswith("theme gaia")
    assert result.stdout.count("notes:1 images:1 code:1") == count


def test_real_process_reports_one_line_and_exit_2(tmp_path):
    deck = tmp_path / "bad.md"
    deck.write_bytes(b"# ok\n\xff\xfe\n")
    done = subprocess.run([sys.executable, "-m", "mlops_deck", "inspect", str(deck)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        f"mlops-deck: error: {deck}:2: not valid UTF-8 (byte 0xff at offset 5)"]


def test_the_console_entry_point_keeps_exit_codes_and_freezes_the_heap_for_the_exit(
        tmp_path, monkeypatch):
    """`run` (what the `mlops-deck` script calls) exits like the click group does, and
    leaves the objects alive at exit out of the interpreter's last collection."""
    import gc

    from mlops_deck.cli import run
    monkeypatch.setattr(sys, "argv", ["mlops-deck", "lint", str(tmp_path / "missing.md")])
    gc.unfreeze()
    try:
        try:
            run()
        except SystemExit as exc:
            code = exc.code
        assert code == 2
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    script = subprocess.run([sys.executable, "-m", "mlops_deck", "lint",
                             str(tmp_path / "missing.md")], capture_output=True, text=True)
    assert script.returncode == 2 and "no such file" in script.stderr
