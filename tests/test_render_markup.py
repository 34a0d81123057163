"""Render without a browser: slide markup against marp-cli's golden facts, and the rules of
what our HTML may contain (escaped HTML, sanitised SVG, no remote or outside files)."""
from __future__ import annotations

import base64
import importlib.util
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from mlops_deck.parse import load_deck, parse_deck
from mlops_deck.render.css import scope_css
from mlops_deck.render.html import RenderOptions, render_deck, render_document
from mlops_deck.render.slug import Slugger, slugify
from mlops_deck.render.theme import ThemeNotFound, available_themes

FIXTURES = Path(__file__).parent / "fixtures" / "render"
DECKS = sorted((FIXTURES / "decks").glob("*.md"))
_spec = importlib.util.spec_from_file_location("render_facts", FIXTURES / "facts.py")
facts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(facts)

FAST = RenderOptions(fonts=False)  # fonts are covered by the build and browser tests


def render(text: str, tmp_path: Path, name: str = "deck.md", **options) -> str:
    deck_path = tmp_path / name
    deck_path.write_text(text, encoding="utf-8")
    options.setdefault("project_root", tmp_path)
    opts = RenderOptions(fonts=False, **options)
    return render_deck(load_deck(deck_path), opts)


@pytest.fixture(autouse=True)
def _c_locale(monkeypatch):
    """marp-cli wrote lang="C" (the recording process's locale); keep ours the same."""
    for var in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C")


@pytest.mark.parametrize("deck_path", DECKS, ids=[d.stem for d in DECKS])
def test_slide_markup_equals_marp_cli_golden_facts(deck_path: Path):
    want = json.loads(deck_path.with_suffix(".marp.json").read_text(encoding="utf-8"))
    got = facts.slide_facts(render_deck(load_deck(deck_path), FAST))
    assert len(got["slides"]) == len(want["slides"])
    for ours, theirs in zip(got["slides"], want["slides"]):
        assert ours == theirs, f"slide {theirs['id']} differs"
    assert got["notes"] == want["notes"]


def test_shipped_deck_golden_covers_125_slides_and_117_note_blocks():
    want = json.loads((FIXTURES / "decks" / "mlops-guide.marp.json").read_text("utf-8"))
    assert len(want["slides"]) == 125 and len(want["notes"]) == 117
    assert want["slides"][0]["class"] == "lead"
    assert want["slides"][2]["images"] == [["center", "width:800px;", None]]


def test_marp_slugs_and_duplicates():
    assert slugify("MLOpsとは何か？") == "mlops%E3%81%A8%E3%81%AF%E4%BD%95%E3%81%8B"
    assert slugify("A — B") == "a--b"
    assert slugify(" -Lead- ") == "lead-"  # one pass: leading dashes only
    slugger = Slugger(slide_count=3)
    assert [slugger.slug(t) for t in ("X", "x", "3")] == ["x", "x-1", "3-1"]


def test_raw_html_is_filtered_like_marp_core_unless_html_option(tmp_path):
    text = "# T\n\nok <b>bold</b> <span onclick=\"x()\">s</span> <script>alert(1)</script>\n"
    out = render(text, tmp_path)
    assert "<b>bold</b>" in out and "<span>s</span>" in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "onclick" not in out
    allowed = render(text, tmp_path, html=True)
    assert "<script>alert(1)</script>" in allowed and 'onclick="x()"' in allowed


def test_style_blocks_become_scoped_css_and_never_markup(tmp_path):
    out = render("# T\n\n<style scoped>li { color: red; }</style>\n\n- a\n", tmp_path)
    scope = re.search(r'<section id="1"[^>]*(data-marpit-scope-\w+)=""', out).group(1)
    assert f"section[{scope}] li{{ color: red; }}" in out
    assert "&lt;style" not in out


def test_deck_style_directive_is_scoped_to_slides():
    css = scope_css("section pre code { font-size: .58em }\nh1, section.lead h1 { x: y }\n"
                    "@media print { :root { a: b } }\n@font-face { font-family: X }")
    assert "div.marpit > svg > foreignObject > section pre code{" in css
    assert ("div.marpit > svg > foreignObject > section h1,"
            "div.marpit > svg > foreignObject > section.lead h1{") in css
    assert "@media print{div.marpit > svg > foreignObject > section{ a: b }}" in css
    assert "@font-face{ font-family: X }" in css


def _image_srcs(html: str) -> list[str]:
    return re.findall(r'<img src="([^"]*)"', html)


def test_missing_outside_and_remote_images_become_broken_boxes(tmp_path):
    project = tmp_path / "project"
    (project / "deck").mkdir(parents=True)
    (project / ".git").mkdir()
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\nSECRET")
    text = ("# T\n\n![w:100](nope.png)\n![](../../secret.png)\n"
            "![](https://example.com/x.png)\n")
    out = render(text, project / "deck", project_root=project)
    srcs = _image_srcs(out)
    assert len(srcs) == 3 and all(s.startswith("data:image/svg+xml") for s in srcs)
    boxes = [unquote(s) for s in srcs]
    assert "image not found" in boxes[0]
    assert "outside the project folder" in boxes[1]
    assert "remote image not loaded" in boxes[2]
    assert "data:image/png" not in out and 'src="https:' not in out  # never embedded/loaded
    assert 'style="width:100px;"' in out and 'data-broken-image="nope.png"' in out


def test_broken_boxes_share_one_url_per_reason(tmp_path):
    """Each distinct SVG <img> is a document of its own in the browser: 67 missing diagrams
    as 67 different boxes cost 0.7 s of a PDF; the same reason gives the same URL."""
    out = render("# T\n\n![](a.svg)\n![w:400](b.svg)\n![](https://x.example/c.png)\n",
                 tmp_path)
    srcs = _image_srcs(out)
    assert srcs[0] == srcs[1] != srcs[2]
    assert 'data-broken-image="a.svg"' in out and 'data-broken-image="b.svg"' in out


def test_hostile_svg_is_sanitised_before_embedding(tmp_path):
    (tmp_path / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script>'
        '<rect width="10" height="10"/><image href="https://evil.example/x.png"/></svg>')
    out = render("# T\n\n![](evil.svg)\n", tmp_path)
    src = _image_srcs(out)[0]
    assert src.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(src.split(",", 1)[1]).decode()
    assert "<rect" in svg
    assert "script" not in svg and "onload" not in svg and "evil.example" not in svg


def test_no_embed_keeps_files_for_the_build_to_copy(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n....")
    deck_path = tmp_path / "deck.md"
    deck_path.write_text("# T\n\n![](img/a.png)\n", encoding="utf-8")
    rendered = render_document(load_deck(deck_path), RenderOptions(
        embed=False, project_root=tmp_path, cache_dir=tmp_path / "cache"))
    assert _image_srcs(rendered.html) == ["assets/img/a.png"]
    assert rendered.files["assets/img/a.png"].startswith(b"\x89PNG")
    assert any(name.startswith("fonts/") for name in rendered.files)
    assert 'src:url("fonts/' in rendered.html and "data:font/woff2" not in rendered.html


def test_source_lines_option_marks_blocks_and_images(tmp_path):
    text = "---\npaginate: true\n---\n\n# Title\n\n- a\n- b\n\n![w:10](x.png)\n\n```py\nx\n```\n"
    plain = render(text, tmp_path)
    assert "data-line" not in plain
    lined = render(text, tmp_path, source_lines=True)
    assert re.search(r'<h1 id="title" data-line="5">', lined)
    assert '<ul data-line="7">' in lined and '<li data-line="8">' in lined
    assert re.search(r'<img [^>]*data-line="10"', lined)
    assert '<pre is="marp-pre" data-auto-scaling="downscale-only" data-line="12">' in lined
    assert re.search(r'<section id="1"[^>]* data-line="4"', lined)  # the slide's first line


def test_notes_are_kept_for_presenter_view_or_stripped(tmp_path):
    text = "# T\n\n<!-- say <this> & that -->\n"
    out = render(text, tmp_path)
    assert ('<div class="bespoke-marp-note" data-index="0" tabindex="0">'
            "<p>say &lt;this&gt; &amp; that</p></div>") in out
    assert "say" not in render(text, tmp_path, strip_notes=True)


def test_code_blocks_use_hljs_classes_from_pygments(tmp_path):
    out = render("```python\ndef f(x):\n    return 'hi'  # c\n```\n", tmp_path)
    assert '<code class="language-python"><span class="hljs-keyword">def</span>' in out
    assert '<span class="hljs-string">&#x27;hi&#x27;</span>' in out or \
        "<span class=\"hljs-string\">'hi'</span>" in out
    assert '<span class="hljs-comment"># c</span>' in out


def test_unknown_theme_is_a_clear_error_listing_themes(tmp_path):
    deck = parse_deck("# T\n", tmp_path / "deck.md")
    with pytest.raises(ThemeNotFound, match=r"unknown theme 'nope' \(available themes: .*gaia"):
        render_deck(deck, RenderOptions(theme="nope", fonts=False, project_root=tmp_path))


def test_a_theme_is_just_a_folder(tmp_path):
    theme = tmp_path / "templates" / "plain"
    theme.mkdir(parents=True)
    (theme / "theme.css").write_text("section { background: rgb(1, 2, 3); }")
    assert "plain" in available_themes(tmp_path) and "gaia" in available_themes(tmp_path)
    out = render("---\ntheme: plain\n---\n\n# T\n", tmp_path)
    assert 'data-theme="plain"' in out
    assert "div.marpit > svg > foreignObject > section{ background: rgb(1, 2, 3); }" in out
    assert "<script>" in out and "deck-osc" in out  # skeleton and runtime come from gaia


def test_output_references_nothing_remote(tmp_path):
    html = render_deck(load_deck(FIXTURES / "decks" / "images.md"), FAST)
    urls = re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(r'url\((?:&quot;|")?([^")&]+)', html)
    assert urls and all(u.startswith(("data:", "#")) for u in urls), \
        [u[:60] for u in urls if not u.startswith(("data:", "#"))]
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_size_directive_sets_slide_and_page_size(tmp_path):
    out = render("---\nsize: 4:3\n---\n\n# T\n", tmp_path)
    assert '<svg data-marpit-svg="" viewBox="0 0 960 720"><foreignObject width="960"' in out
    assert "div.marpit > svg > foreignObject > section{width:960px;height:720px}" in out
    assert "@page { size: 960px 720px; margin: 0; }" in out and 'data-size="4:3"' in out


def test_project_root_is_the_nearest_marker_else_cwd_else_deck_folder(tmp_path, monkeypatch):
    from mlops_deck.render.html import find_project_root

    (tmp_path / "a" / "deck").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert find_project_root(tmp_path / "a" / "deck" / "x.md") == tmp_path.resolve()
    monkeypatch.chdir(tmp_path / "a" / "deck")
    assert find_project_root(tmp_path / "a" / "deck" / "x.md") == (tmp_path / "a" / "deck").resolve()
    (tmp_path / "a" / "pyproject.toml").write_text("")
    assert find_project_root(tmp_path / "a" / "deck" / "x.md") == (tmp_path / "a").resolve()
