"""Issue 6: no active content of the hostile SVG fixtures reaches the HTML that
`render_deck` builds — embedded as data: URIs (the default) or copied next to the HTML."""
from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from mlops_deck.parse import load_deck
from mlops_deck.render.html import RenderOptions, render_document
from mlops_deck.svgsafe import parse_svg

from conftest import FIXTURES
from test_svg_safe import ACTIVE

HOSTILE = sorted((FIXTURES / "svg" / "hostile").glob("*.svg"))
# A data: URI the page loads as an image: in src="…" or CSS url(…). (A data:image/svg+xml URI
# written in markdown is not an image in Marp — markdown-it's link validation rejects it — so it
# stays paragraph text; that case is asserted separately.)
SVG_URI = re.compile(r"(?:src=\"|url\((?:&quot;|[\"'])?)data:image/svg\+xml(;charset=[\w-]+)?(?:(;base64),([A-Za-z0-9+/=]+)"
                     r"|,([^\"')\s&]+))")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-project")
    (root / ".git").mkdir()
    (root / "assets").mkdir()
    (root / "deck").mkdir()
    slides = []
    for i, path in enumerate(HOSTILE, start=1):
        shutil.copy(path, root / "assets" / path.name)
        slides.append(f"# {i}\n\n![w:800 figure](../assets/{path.name})")
    slides.append(f"# bg\n\n![bg right](../assets/{HOSTILE[0].name})")
    inline = base64.b64encode((FIXTURES / "svg" / "hostile" / "onload.svg").read_bytes())
    slides.append(f"# data\n\n![w:400](data:image/svg+xml;base64,{inline.decode()})")
    (root / "deck" / "d.md").write_text("---\nmarp: true\nclass: invert\n---\n\n"
                                        + "\n\n---\n\n".join(slides) + "\n", encoding="utf-8")
    return root


def embedded_svgs(html: str) -> list[str]:
    out = []
    for m in SVG_URI.finditer(html):
        out.append(base64.b64decode(m.group(3)).decode() if m.group(2) else unquote(m.group(4)))
    return out


def assert_inert(svg_text: str) -> None:
    for needle in ACTIVE:
        assert needle.lower() not in svg_text.lower(), needle
    assert parse_svg(svg_text.encode()).hazards == []


def test_embedded_html_has_no_active_content(project: Path) -> None:
    rendered = render_document(load_deck(project / "deck" / "d.md"),
                               RenderOptions(fonts=False, project_root=project))
    svgs = embedded_svgs(rendered.html)
    assert len(svgs) == len(HOSTILE) + 1  # every hostile file, and one as a background
    for svg in svgs:
        assert_inert(svg)
    assert "HOSTILE" not in rendered.html and "evil.example" not in rendered.html
    assert "<p>![w:400](data:image/svg+xml;base64," in rendered.html  # text, as in Marp


def test_copied_assets_have_no_active_content(project: Path) -> None:
    rendered = render_document(load_deck(project / "deck" / "d.md"),
                               RenderOptions(fonts=False, embed=False, project_root=project))
    copies = {name: data for name, data in rendered.files.items() if name.endswith(".svg")}
    assert len(copies) == len(HOSTILE)
    for data in copies.values():
        assert_inert(data.decode("utf-8"))
    assert "HOSTILE" not in rendered.html
