"""The shipped deck's content (issue 10): structure, Marp behaviour the author meant, facts
that must stay as fixed (read from deck/facts.yml), code blocks that resolve, and what our
own lint still reports on it.

The lint runs once per module through the CLI (`python -m mlops_deck lint --format json`),
as CI and pre-commit run it.
"""
from __future__ import annotations

import ast
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mlops_deck.parse import load_deck

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "deck" / "mlops-guide.md"
FACTS = ROOT / "deck" / "facts.yml"
SLIDES = 125
DRAWN = range(3, 41)  # slides whose diagrams exist; 41–124 are authored by later issues
# rule families whose findings issue 10 fixed on the deck: any new finding is a regression
FIXED = re.compile(r"^DK(1\d\d|2\d\d|30[0-5]|4\d\d|716|722|741|807|81[0-2])$")
PREFIXES = ("Amazon SageMaker ", "Amazon ", "AWS ", "SageMaker ")


@pytest.fixture(scope="module")
def deck():
    return load_deck(DECK)


@pytest.fixture(scope="module")
def findings():
    done = subprocess.run([sys.executable, "-m", "mlops_deck", "lint", str(DECK), "--format", "json",
                           "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def facts():
    return yaml.safe_load(FACTS.read_text(encoding="utf-8"))


def text_of(slide) -> str:
    """The slide's markdown (without comments) plus its speaker notes."""
    return "\n".join([slide_source(slide), *(n.text for n in slide.notes)])


def slide_source(slide) -> str:
    lines = DECK.read_text(encoding="utf-8").splitlines()
    body = "\n".join(lines[slide.span.line - 1:(slide.span.end_line or slide.span.line)])
    return re.sub(r"<!--.*?-->", "", body, flags=re.S)


def names_subject(text: str, names: list[str]) -> bool:
    return any(re.search(rf"(?<![A-Za-z0-9]){re.escape(n)}(?![A-Za-z0-9])", text) for n in names)


def subject_names(subject: str, entry) -> list[str]:
    aliases = entry.get("aliases", []) if isinstance(entry, dict) else []
    return [subject, *aliases]


# --- structure ------------------------------------------------------------------------------

def test_the_deck_has_125_slides_and_says_so(deck):
    assert len(deck.slides) == SLIDES
    claims = [int(n) for s in deck.slides for n in re.findall(r"(\d+)スライド", text_of(s))]
    assert claims and set(claims) == {SLIDES}


def agenda_items(slide) -> list[tuple[int, str]]:
    """(number, title) of the agenda's items; they must be a top-level ordered list."""
    items, depth, number = [], 0, None
    for token in slide.tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            assert token.type == "ordered_list_open" and depth == 1, "agenda is one ordered list"
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            number = int(token.info)
        elif token.type == "inline" and depth and number is not None:
            items.append((number, re.split(r"\s+—\s+", token.content)[0].strip()))
            number = None
    return items


def dividers(deck) -> list[tuple[int, int, str]]:
    """(slide, section number, title) of the section divider slides, in slide order."""
    found = []
    for slide in deck.slides:
        marker = re.search(r"^- Section (\d+)$", slide_source(slide), re.M)
        if marker:
            assert "lead" in (slide.css_class or "").split(), slide.index
            found.append((slide.index, int(marker.group(1)), slide.title))
    return found


def test_agenda_and_section_dividers_agree(deck):
    agenda = next(s for s in deck.slides if s.title == "アジェンダ")
    items = agenda_items(agenda)
    assert [n for n, _ in items] == list(range(1, len(items) + 1))
    divs = dividers(deck)
    # section 1 starts right after the agenda, without a divider; 2.. each have one, in order
    assert [n for _, n, _ in divs] == list(range(2, len(items) + 1))
    assert [s for s, _, _ in divs] == sorted(s for s, _, _ in divs)
    titles = dict(items)
    assert all(titles[n] == title for _, n, title in divs), divs
    first = deck.slides[agenda.index]  # the slide after the agenda
    assert "lead" not in (first.css_class or "").split()
    for index, number, _ in divs:  # a divider's notes, when they name the section, agree
        for note in deck.slides[index - 1].notes:
            said = re.search(r"(?:Section|セクション)\s*(\d+)", note.text)
            assert said is None or int(said.group(1)) == number, index


def test_section_count_claims_match_the_agenda(deck):
    agenda = next(s for s in deck.slides if s.title == "アジェンダ")
    count = len(agenda_items(agenda))
    for slide in deck.slides:
        for n in re.findall(r"(\d+)(?:セクション|項目)", text_of(slide)):
            assert int(n) == count, slide.index


def test_lead_slides_keep_the_dark_scheme(deck):
    source = DECK.read_text(encoding="utf-8")
    assert re.findall(r"_class:\s*lead\s*-->", source) == []
    leads = [s for s in deck.slides if "lead" in (s.css_class or "").split()]
    assert leads and all("invert" in s.css_class.split() for s in leads)


def test_every_image_has_alt_text_that_describes_it(deck):
    images = [(s, i) for s in deck.slides for i in s.images]
    assert len(images) == 98
    for slide, image in images:
        assert "center" not in image.raw_alt.split(), slide.index
        assert len(image.alt) >= 10, (slide.index, image.alt)
        assert not image.in_list_item, slide.index
        if slide.index in DRAWN and image.path and image.path.exists():
            title = re.search(r"<title[^>]*>([^<]*)</title>", image.path.read_text("utf-8"))
            assert title and image.alt == title.group(1).replace("[", "（").replace("]", "）")


def test_images_are_centred_by_the_deck_style():
    front = yaml.safe_load(DECK.read_text(encoding="utf-8").split("---\n")[1])
    rule = re.search(r"section p:has\(> img:only-child\)\s*\{([^}]*)\}", front["style"])
    assert rule and "text-align: center" in rule.group(1)


def test_every_teaching_slide_has_notes_in_one_register(deck):
    closing = deck.slides[-1]
    for slide in deck.slides:
        if slide is not closing:
            assert slide.notes, slide.index
        for note in slide.notes:  # plain である style throughout
            assert not re.search(r"(です|ます)[。\s]", note.text), slide.index


# --- facts (deck/facts.yml) ------------------------------------------------------------------

def test_each_canonical_fact_is_stated_on_a_slide_about_its_subject(deck, facts):
    for subject, entry in facts.items():
        if not isinstance(entry, dict) or not entry.get("facts"):
            continue
        names = subject_names(subject, entry)
        about = [re.sub(r"\s", "", text_of(s)) for s in deck.slides if names_subject(text_of(s), names)]
        for aspect, value in entry["facts"].items():
            core = re.sub(r"^(最大|最小|約)", "", re.sub(r"\s", "", str(value)))
            assert any(core in text for text in about), (subject, aspect, value)


def test_no_number_contradicts_facts_yml_or_another_slide(findings):
    assert [f for f in findings if f["rule_id"] in ("DK807", "DK812")] == []


def test_retired_services_are_marked_with_date_and_successor(deck, facts):
    checked = 0
    for subject, entry in facts.items():
        if not isinstance(entry, dict) or not (entry.get("retired") or entry.get("now_part_of")):
            continue
        names = subject_names(subject, entry)
        for slide in deck.slides:
            text = text_of(slide)
            if not names_subject(text, names):
                continue
            checked += 1
            if entry.get("retired"):
                assert str(entry["retired"]) in text, (subject, slide.index)
                assert any(s in text for s in entry["successor"]), (subject, slide.index)
            if entry.get("now_part_of"):
                assert entry["now_part_of"].split()[-1] in text, (subject, slide.index)
    assert checked >= 5  # slides 40, 72, 86 and the Data Wrangler slides


# --- code blocks -----------------------------------------------------------------------------

def python_blocks(deck):
    return [(s, b) for s in deck.slides for b in s.code_blocks if (b.lang or "") == "python"]


def test_code_blocks_parse_and_every_name_resolves(deck, findings):
    blocks = python_blocks(deck)
    assert len(blocks) == 8
    for slide, block in blocks:
        ast.parse(block.text, filename=f"slide {slide.index}")
    assert [f for f in findings if re.match(r"DK30[1-5]$", f["rule_id"])] == []


def imports_of(deck) -> set[tuple[str, str]]:
    found = set()
    for _, block in python_blocks(deck):
        for node in ast.walk(ast.parse(block.text)):
            if isinstance(node, ast.ImportFrom):
                found |= {(node.module, a.name) for a in node.names}
            elif isinstance(node, ast.Import):
                found |= {(a.name, "") for a in node.names}
    return found


def test_imports_resolve_against_the_installed_libraries(deck):
    """Imports the deck's code uses, checked for real where the library is installed (the
    SageMaker Python SDK v2, aws-cdk-lib, mlflow, pydeequ are not project dependencies)."""
    missing, checked = [], 0
    for module, name in sorted(imports_of(deck)):
        top = module.split(".")[0]
        try:
            importlib.import_module(top)
        except ImportError:
            continue
        checked += 1
        loaded = importlib.import_module(module)
        if name and not hasattr(loaded, name):
            try:
                importlib.import_module(f"{module}.{name}")
            except ImportError:
                missing.append((module, name))
    assert missing == []
    if not checked:
        pytest.skip("none of sagemaker<3, aws-cdk-lib, mlflow, pydeequ is installed")


# --- what our lint reports -------------------------------------------------------------------

def test_lint_errors_are_only_the_missing_diagrams_of_slides_41_to_124(deck, findings):
    errors = [f for f in findings if f["severity"] == "error"]
    assert {f["rule_id"] for f in errors} <= {"DK501"}
    missing = {s.index for s in deck.slides for i in s.images if i.path and not i.path.exists()}
    assert {f["slide"] for f in errors} == missing
    assert missing and missing <= set(range(41, 125))


def test_no_finding_from_the_rule_families_issue_10_fixed(findings):
    assert [(f["line"], f["rule_id"], f["message"]) for f in findings
            if FIXED.match(f["rule_id"])] == []
