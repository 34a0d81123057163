"""Parity with marp-cli: our `inspect` view equals what marp-cli rendered for the same file.

The expected values were observed by running marp-cli (scripts/record_marp_goldens.py,
optional, needs Node) and committed as tests/fixtures/parity/<case>.marp.json. These tests
never run Node. When they fail, the parser is wrong, not the golden file.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from lxml import html as lxml_html

from mlops_deck.inspect_view import deck_view
from mlops_deck.parse import load_deck
from mlops_deck.parse.markdown import markdown

from conftest import DECK, FIXTURES, ROOT

PARITY = FIXTURES / "parity"
GOLDENS = sorted(PARITY.glob("*.marp.json"))


def source_of(golden: Path) -> Path:
    """``deck`` is the live deck/mlops-guide.md; ``mlops-guide`` its frozen copy as delivered."""
    case = golden.name[: -len(".marp.json")]
    return DECK if case == "deck" else PARITY / f"{case}.md"


def rendered_text(markdown_text: str | None) -> str | None:
    """What a header/footer's inline markdown shows as text (marp-cli renders it inline)."""
    if markdown_text is None:
        return None
    rendered = markdown().renderInline(markdown_text)
    return lxml_html.fragment_fromstring(rendered, create_parent="div").text_content().strip()


def ours_comparable(slide: dict, deck_slide) -> dict:
    inline = sorted([i for i in slide["images"] if not i["background"]] + slide["html_images"],
                    key=lambda i: (i["line"], i["column"]))  # marp-cli: document order
    backgrounds = [i for i in slide["images"] if i["background"]]
    bg_images = [i for i in deck_slide.images if i.background]
    # Marpit: on one slide, the last image naming a split side / size / direction wins.
    split = next((i.split for i in reversed(bg_images) if i.split), None)
    split_size = next((i.split_size for i in reversed(bg_images) if i.split_size), "50%")
    direction = next((i.direction for i in reversed(bg_images) if i.direction), "horizontal")
    return {
        "index": slide["index"],
        "class": slide["class"],
        "page_number": slide["page_number"],
        "page_total": slide["page_total"],
        "paginate": slide["paginate"],
        "header": rendered_text(slide["header"]),
        "footer": rendered_text(slide["footer"]),
        "title": slide["title"],
        "notes": slide["notes"],
        "notes_text": "\n\n".join(slide["notes"]),
        "inline_images": [{k: i[k] for k in ("src", "alt", "width", "height", "title",
                                              "filter", "in_list_item")} for i in inline],
        "backgrounds": [{"src": i["src"], "alt": i["alt"], "size": i["background_size"],
                         "filter": i["filter"]} for i in backgrounds],
        "background": {"split": split, "split_size": split_size if split else None,
                       "direction": direction} if bg_images else None,
        "code_langs": [c["lang"] for c in slide["code_blocks"]],
    }


def golden_comparable(slide: dict) -> dict:
    inline = [i for i in slide["images"] if not i["background"]]
    backgrounds = [i for i in slide["images"] if i["background"]]
    return {
        "index": slide["index"],
        "class": slide["class"],
        "page_number": slide["page_number"],
        "page_total": slide["page_total"],
        "paginate": slide["page_number"] is not None,
        "header": slide["header"],
        "footer": slide["footer"],
        "title": slide["title"],
        "notes": slide["notes"],
        "notes_text": slide["notes_text"],
        "inline_images": [{k: i[k] for k in ("src", "alt", "width", "height", "title",
                                              "filter", "in_list_item")} for i in inline],
        "backgrounds": [{"src": i["src"], "alt": i["alt"], "size": i["size"],
                         "filter": i["filter"]} for i in backgrounds],
        "background": slide["background"] if backgrounds else None,
        "code_langs": [c["lang"] for c in slide["code_blocks"]],
    }


# Directives Marpit writes as data-* attributes on the section (transition is marp-cli's
# JSON; headingDivider is never written).
DATA_DIRECTIVES = ("backgroundColor", "backgroundImage", "backgroundPosition",
                   "backgroundRepeat", "backgroundSize", "class", "color", "footer", "header",
                   "paginate", "theme", "style", "lang", "size", "headingDivider")


def kebab(name: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in name)


def ours_data_attributes(deck_slide) -> dict[str, str]:
    """The data-* attributes our effective settings mean: one per truthy directive value."""
    out = {}
    for name in DATA_DIRECTIVES:
        value = deck_slide.settings.get(name)
        if value:  # written as JavaScript's String(value)
            out[kebab(name)] = "true" if value is True else (
                ",".join(map(str, value)) if isinstance(value, list) else str(value))
    if deck_slide.settings.get("transition"):  # marp-cli writes {"name": …} as JSON
        out["transition"] = deck_slide.settings["transition"].split()[0]
    return out


def golden_data_attributes(marp_slide) -> dict[str, str]:
    data = dict(marp_slide["data"])
    if "transition" in data:
        data["transition"] = json.loads(data["transition"])["name"]
    return data


@pytest.fixture(scope="module", params=GOLDENS, ids=lambda p: p.name[: -len(".marp.json")])
def case(request):
    golden = json.loads(request.param.read_text(encoding="utf-8"))
    deck = load_deck(source_of(request.param))
    return golden, deck, deck_view(deck)


def test_goldens_exist_for_every_fixture():
    cases = {p.stem for p in PARITY.glob("*.md")}
    recorded = {p.name[: -len(".marp.json")] for p in GOLDENS}
    assert cases | {"deck"} == recorded


def test_golden_was_recorded_from_this_source(case):
    golden, deck, _ = case
    source = ROOT / golden["source"]
    assert hashlib.sha256(source.read_bytes()).hexdigest() == golden["source_sha256"], (
        f"{golden['source']} changed since marp-cli was observed; re-record its golden "
        f"(needs Node): .venv/bin/python scripts/record_marp_goldens.py "
        f"{'deck' if source == DECK else source.stem}")


def test_slide_count(case):
    golden, _, view = case
    assert view["slide_count"] == golden["slide_count"] == len(golden["slides"])


def test_size_and_theme(case):
    golden, deck, view = case
    assert view["size"] == golden["view_box"]
    assert {s["theme"] for s in golden["slides"]} == {deck.theme}
    if "lang" in deck.global_settings:
        assert {s["lang"] for s in golden["slides"]} == {deck.global_settings["lang"]}


def test_every_slide_matches(case):
    golden, deck, view = case
    ours = [ours_comparable(s, d) for s, d in zip(view["slides"], deck.slides)]
    theirs = [golden_comparable(s) for s in golden["slides"]]
    differences = {marp["index"]: {key: {"ours": mine[key], "marp-cli": marp[key]}
                                   for key in marp if mine[key] != marp[key]}
                   for mine, marp in zip(ours, theirs) if mine != marp}
    assert differences == {}


def test_effective_directives_equal_the_section_data_attributes(case):
    golden, deck, view = case
    ours = {s.index: ours_data_attributes(s) for s in deck.slides}
    theirs = {s["index"]: golden_data_attributes(s) for s in golden["slides"]}
    assert ours == theirs
    for slide, marp in zip(view["slides"], golden["slides"]):  # the JSON "directives" key
        local = {kebab(k): "true" if v is True else str(v)
                 for k, v in slide["directives"].items() if v and k != "transition"}
        assert local == {k: v for k, v in marp["data"].items()
                         if k not in ("theme", "style", "lang", "size", "heading-divider",
                                      "transition")}


def test_code_block_line_counts(case):
    golden, _, view = case
    for slide, marp in zip(view["slides"], golden["slides"]):
        assert [c["line_count"] for c in slide["code_blocks"]] == \
               [c["lines"] for c in marp["code_blocks"]]


def test_delivered_deck_facts_from_the_issue():
    golden = json.loads((PARITY / "mlops-guide.marp.json").read_text(encoding="utf-8"))
    view = deck_view(load_deck(PARITY / "mlops-guide.md"))
    assert view["slide_count"] == golden["slide_count"] == 125
    lead = [s["index"] for s in view["slides"] if s["class"] == "lead"]
    assert lead == [s["index"] for s in golden["slides"] if s["class"] == "lead"]
    assert len(lead) == 12
    assert sum(1 for s in view["slides"] if s["notes"]) == 117
    assert sum(1 for s in golden["slides"] if s["notes"]) == 117
