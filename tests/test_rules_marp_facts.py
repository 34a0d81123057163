"""The comment and markup rules agree with what marp-cli did with the same deck.

``MARP_NOTES`` and ``MARP_SECTIONS`` were recorded by running marp-cli 4.5.1 on ``DECK``
(`marp --notes` and `marp --template bare`); the test needs no Node. A rule that says
"Marp keeps this comment as a note" must point at a comment marp-cli really exported as a
note, and the markup rules must point at what marp-cli really rendered differently.
"""
from __future__ import annotations

from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.parse import parse_deck

DECK = """---
marp: true
---

# S1

<!-- _clas: lead -->

<!--
_class: lead
  _paginate: false
-->

<!-- header: "AWS GenAI -->

---

<!-- background-color: black -->
<!-- $size: 4:3 -->
<!-- Paginate: false -->

# S2

Text above
---

- 2024. was a year
* 1) frag

---
"""
# `marp --notes`: one chunk per slide, joined by "\n\n---\n\n".
MARP_NOTES = [
    '_clas: lead\n\n_class: lead\n  _paginate: false\n\nheader: "AWS GenAI',
    "background-color: black\n\n$size: 4:3\n\nPaginate: false",
    "",
]
# `marp --template bare`: slide 2 shows "Text above" as <h2> and `<ul><li><ol start="2024">`
# and `<ul><li data-marpit-fragment><ol><li data-marpit-fragment>`; slide 3 is empty.
MARP_SECTIONS = 3


def findings(rule_id: str):
    deck = parse_deck(DECK, "facts.md")
    assert len(deck.slides) == MARP_SECTIONS
    return list(all_rules()[rule_id].func(deck, RuleContext()))


def comment_at(line: int) -> str:
    deck = parse_deck(DECK, "facts.md")
    for slide in deck.slides:
        for comment in slide.comments:
            if comment.span.line <= line <= (comment.span.end_line or comment.span.line):
                return comment.text
    raise AssertionError(f"no comment at line {line}")


def test_parser_notes_are_marps_notes():
    deck = parse_deck(DECK, "facts.md")
    assert ["\n\n".join(n.text for n in s.notes) for s in deck.slides] == MARP_NOTES


def test_comment_rules_point_at_marp_notes():
    notes = "\n\n".join(MARP_NOTES).split("\n\n")
    flagged = {rule_id: [comment_at(f.span.line) for f in findings(rule_id)]
               for rule_id in ("DK206", "DK207", "DK209")}
    assert flagged == {
        "DK206": ["_clas: lead", "background-color: black", "Paginate: false"],
        "DK207": ["$size: 4:3"],
        "DK209": ["_class: lead\n  _paginate: false", 'header: "AWS GenAI'],
    }
    for texts in flagged.values():
        assert all(text in "\n\n".join(MARP_NOTES) for text in texts), notes


def test_markup_rules_point_at_what_marp_rendered_differently():
    assert [(f.span.line, f.slide) for f in findings("DK110")] == [(25, 2)]
    assert [f.span.line for f in findings("DK106")] == [27, 28]
    assert [f.span.line for f in findings("DK104")] == [30]


IMAGES = "![left](a.png) ![fit](b.png) ![width=800 Pipeline](c.png) ![w:800 center](d.png) " \
         "![bg center](e.png) ![w:800 Training pipeline](f.png)\n"
# `marp --template bare`: <img alt="left">, <img alt="fit">, <img alt="width=800 Pipeline">,
# <img alt="center" style="width:800px;">, <figcaption>center</figcaption>, and the last
# image described. Every word DK108 names is one Marp left in the alt text or caption.
MARP_ALTS = ["left", "fit", "width=800 Pipeline", "center", "center", "Training pipeline"]


def test_image_keyword_findings_are_marps_alt_texts():
    deck = parse_deck(IMAGES, "facts.md")
    assert [i.alt for i in deck.slides[0].images] == MARP_ALTS
    flagged = [f.message for f in all_rules()["DK108"].func(deck, RuleContext())]
    assert len(flagged) == 5
    for message, alt in zip(flagged, MARP_ALTS):
        assert alt.split()[0] in message
