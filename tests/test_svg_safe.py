"""svgsafe: hostile fixtures are reported (never expanded) and stripped by sanitize_svg."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from mlops_deck.svgsafe import EMPTY_SVG, parse_svg, sanitize_svg

from conftest import FIXTURES

HOSTILE = FIXTURES / "svg" / "hostile"
EXPECTED_KINDS = {
    "script.svg": {"script"},
    "onload.svg": {"event-attribute"},
    "javascript-link.svg": {"javascript-url"},
    "external-href.svg": {"external-href", "css-import", "css-url"},
    "xxe.svg": {"doctype", "external-entity"},
    "billion-laughs.svg": {"doctype", "entity-expansion"},
    "foreign-object.svg": {"foreign-object", "script", "event-attribute"},
    "stylesheet-pi.svg": {"processing-instruction"},
    "css-escapes.svg": {"css-url"},
}
# Strings that only occur inside active or external content of the hostile fixtures.
ACTIVE = ("HOSTILE", "alert(", "javascript", "script", "onload", "onclick", "onerror",
          "evil.example", "@import", "foreignObject", "iframe", "DOCTYPE", "ENTITY", "&",
          "passwd", "xml-stylesheet")


def hostile_files() -> list[Path]:
    return sorted(HOSTILE.glob("*.svg"))


def test_every_hostile_fixture_has_expectations() -> None:
    assert {p.name for p in hostile_files()} == set(EXPECTED_KINDS)


@pytest.mark.parametrize("path", hostile_files(), ids=lambda p: p.name)
def test_hostile_content_is_reported(path: Path) -> None:
    parsed = parse_svg(path.read_bytes())
    assert parsed.root is not None, parsed.error
    assert EXPECTED_KINDS[path.name] <= {h.kind for h in parsed.hazards}


@pytest.mark.parametrize("path", hostile_files(), ids=lambda p: p.name)
def test_sanitized_output_has_no_active_content(path: Path) -> None:
    out = sanitize_svg(path.read_bytes())
    text = out.decode("utf-8")
    for needle in ACTIVE:
        assert needle.lower() not in text.lower(), needle
    clean = parse_svg(out)
    assert clean.root is not None and clean.hazards == []


def test_entities_are_never_expanded() -> None:
    parsed = parse_svg((HOSTILE / "billion-laughs.svg").read_bytes())
    text = "".join(parsed.root.itertext())
    assert "lol" not in text  # an expansion would produce 10**9 "lol"s
    xxe = parse_svg((HOSTILE / "xxe.svg").read_bytes())
    assert "root:" not in etree.tostring(xxe.root).decode()


def test_hazards_carry_source_lines() -> None:
    parsed = parse_svg((HOSTILE / "script.svg").read_bytes())
    assert [h.line for h in parsed.hazards if h.kind == "script"] == [4]


def test_sanitize_keeps_safe_drawing() -> None:
    good = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            b' viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><title>t</title>'
            b'<rect id="r" width="5" height="5" style="fill:url(#g)"/>'
            b'<use xlink:href="#r"/><text x="1" y="9">A &amp; B</text></svg>')
    root = etree.fromstring(sanitize_svg(good))
    names = [etree.QName(e).localname for e in root.iter()]
    assert names == ["svg", "defs", "linearGradient", "title", "rect", "use", "text"]
    assert root[2].get("style") == "fill:url(#g)"
    assert root[3].get("{http://www.w3.org/1999/xlink}href") == "#r"
    assert root[4].text == "A & B"


def test_sanitize_drops_editor_namespaces_and_keeps_text_tails() -> None:
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/'
           b'namespaces/inkscape" inkscape:version="1.0"><text>a<script>x()</script>b</text>'
           b'<inkscape:grid/></svg>')
    out = sanitize_svg(svg)
    assert b"inkscape" not in out
    assert etree.fromstring(out)[0].text == "ab"


@pytest.mark.parametrize("data", [b"", b"<svg", b"<html><body/></html>", b"\xff\xfe\x00",
                                  b'<svg xmlns="urn:not-svg"/>'])
def test_unusable_input_gives_empty_svg(data: bytes) -> None:
    assert sanitize_svg(data) == EMPTY_SVG


def test_script_url_hidden_in_smil_values_and_trailing_pi() -> None:
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" '
           b'values="#ok;javascript:alert(1)"/></a></svg>\n<?xml-stylesheet href="x.css"?>')
    kinds = {h.kind for h in parse_svg(svg).hazards}
    assert {"javascript-url", "processing-instruction"} <= kinds
    assert b"javascript" not in sanitize_svg(svg) and b"stylesheet" not in sanitize_svg(svg)


def test_not_well_formed_reports_line() -> None:
    parsed = parse_svg(b'<svg xmlns="http://www.w3.org/2000/svg">\n<rect>\n</svg>')
    assert parsed.root is None and parsed.error_line == 3 and "well-formed" in parsed.error


def drawable_svgs() -> list[Path]:
    """The good fixtures and the deck's real diagrams (whatever exists of them)."""
    root = FIXTURES.parents[1]
    return sorted((FIXTURES / "svg" / "good").glob("*.svg")) + sorted(
        (root / "assets").glob("*.svg"))


@pytest.mark.parametrize("path", drawable_svgs(), ids=lambda p: p.name)
def test_sanitizing_a_clean_diagram_changes_nothing_visible(path: Path) -> None:
    import cairosvg
    raw = path.read_bytes()
    assert parse_svg(raw).hazards == []
    before = cairosvg.svg2png(bytestring=raw, output_width=200)
    assert cairosvg.svg2png(bytestring=sanitize_svg(raw), output_width=200) == before
