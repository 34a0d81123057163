"""`mlops-deck build`: defaults, exit codes, atomic output (a failed build leaves the
previous dist/ as it was), --no-embed, --strip-notes, --html, --strict/--no-lint."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlops_deck.build import BuildError, BuildOptions, build_deck
from mlops_deck.cli import main
from mlops_deck.render.html import RenderOptions

DECK = """---
marp: true
theme: gaia
paginate: true
---

# Title

![Diagram w:200](img/a.png)

Raw <u>html</u> and <marquee>tag</marquee>.

<!-- 試験ポイント: the speaker note -->
"""


@pytest.fixture(scope="module")
def font_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")  # one font-subset cache for the module


@pytest.fixture()
def project(tmp_path, monkeypatch, font_cache) -> Path:
    monkeypatch.setenv("MLOPS_DECK_CACHE_DIR", str(font_cache))
    (tmp_path / ".git").mkdir()
    (tmp_path / "deck" / "img").mkdir(parents=True)
    (tmp_path / "deck" / "img" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    (tmp_path / "deck" / "mlops-guide.md").write_text(DECK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, ["build", *args])


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp") or ".old-" in p.name]


def test_defaults_build_deck_mlops_guide_into_dist(project):
    result = run("--no-lint")
    assert result.exit_code == 0, result.output
    html = (project / "dist" / "mlops-guide.html").read_text(encoding="utf-8")
    assert html.count("<svg data-marpit-svg") == 1 and "data:image/png;base64," in html
    assert "data:font/woff2;base64," in html and "bespoke-marp-note" in html
    assert "<u>html</u>" in html and "&lt;marquee&gt;" in html
    assert leftovers(project) == []


def test_missing_deck_is_one_line_and_exit_2(project):
    result = run("nope.md", "--no-lint")
    assert result.exit_code == 2
    assert result.output.startswith("mlops-deck: error: ") and "nope.md" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_unknown_theme_exits_2_listing_themes_and_keeps_previous_dist(project):
    (project / "dist").mkdir()
    (project / "dist" / "mlops-guide.html").write_text("OLD", encoding="utf-8")
    result = run("--no-lint", "--theme", "nope")
    assert result.exit_code == 2
    assert "unknown theme 'nope' (available themes: " in result.output and "gaia" in result.output
    assert (project / "dist" / "mlops-guide.html").read_text() == "OLD"
    assert leftovers(project) == []


def test_lint_findings_are_printed_and_strict_fails_before_writing(project):
    (project / "deck" / "img" / "a.png").unlink()  # DK501 missing image is an error
    (project / "dist").mkdir()
    (project / "dist" / "mlops-guide.html").write_text("OLD", encoding="utf-8")
    strict = run("--strict")
    assert strict.exit_code == 1 and "DK501" in strict.output
    assert (project / "dist" / "mlops-guide.html").read_text() == "OLD"
    relaxed = run()
    assert relaxed.exit_code == 0 and "DK501" in relaxed.output
    html = (project / "dist" / "mlops-guide.html").read_text(encoding="utf-8")
    assert 'data-broken-image="img/a.png"' in html  # the slide still renders
    assert "DK501" not in run("--no-lint").output


def test_failed_step_leaves_previous_dist_intact(project):
    out = project / "dist"
    out.mkdir()
    (out / "mlops-guide.html").write_text("OLD", encoding="utf-8")

    def broken_export(ctx):
        (ctx.temp_dir / "half.pdf").write_bytes(b"%PDF-")
        ctx.fail = True

    def crashing_export(ctx):
        raise BuildError("export crashed")

    for step in (broken_export, crashing_export):
        options = BuildOptions(lint=False, steps=(("export", step),))
        try:
            result = build_deck(project / "deck" / "mlops-guide.md", out, options)
            assert result.exit_code == 1
        except BuildError as exc:
            assert "export crashed" in str(exc)
        assert sorted(p.name for p in out.iterdir()) == ["mlops-guide.html"]
        assert (out / "mlops-guide.html").read_text() == "OLD"
        assert leftovers(project) == []


def test_steps_see_the_html_in_the_temp_folder_and_their_files_are_moved(project):
    seen = []

    def step(ctx):
        seen.append(ctx.html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>"))
        (ctx.temp_dir / "png").mkdir()
        (ctx.temp_dir / "png" / "001.png").write_bytes(b"png")

    stages = []
    options = BuildOptions(lint=False, steps=(("png", step),),
                           progress=lambda stage, done, total: stages.append(stage))
    result = build_deck(project / "deck" / "mlops-guide.md", project / "dist", options)
    assert result.exit_code == 0 and seen == [True]
    assert (project / "dist" / "png" / "001.png").read_bytes() == b"png"
    assert stages == ["parse", "lint", "render", "png", "write", "done"]


def test_no_embed_copies_images_and_fonts_next_to_the_html(project):
    result = run("--no-lint", "--no-embed", "-o", "site")
    assert result.exit_code == 0, result.output
    html = (project / "site" / "mlops-guide.html").read_text(encoding="utf-8")
    assert 'src="assets/deck/img/a.png"' in html
    assert (project / "site" / "assets" / "deck" / "img" / "a.png").is_file()
    fonts = list((project / "site" / "fonts").glob("*.woff2"))
    assert fonts and all(f'url("fonts/{f.name}")' in html for f in fonts)
    assert "data:font/woff2" not in html


def test_strip_notes_and_html_options(project):
    assert run("--no-lint", "--strip-notes").exit_code == 0
    html = (project / "dist" / "mlops-guide.html").read_text(encoding="utf-8")
    assert 'class="bespoke-marp-note"' not in html and "the speaker note" not in html
    assert run("--no-lint", "--html").exit_code == 0
    html = (project / "dist" / "mlops-guide.html").read_text(encoding="utf-8")
    assert "<marquee>tag</marquee>" in html


def test_render_options_reach_the_renderer(project):
    options = BuildOptions(render=RenderOptions(source_lines=True, progress=True), lint=False)
    result = build_deck(project / "deck" / "mlops-guide.md", project / "out", options)
    html = result.html_path.read_text(encoding="utf-8")
    assert 'data-line="7"' in html and "<body data-total=\"1\" data-progress>" in html
