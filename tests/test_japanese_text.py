"""Prose extraction for the DK7xx rules: exact positions (notes included) and masking."""
from __future__ import annotations

from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.lint.rules.japanese_text import MASK, Block, mask, prose_of, sentences
from mlops_deck.parse import parse_deck

DECK = """---
marp: true
---

# 見出し `code`

- 箇条書き [リンク](https://example.com/a) と ![図](x.svg)
- 二行目の
  続き

<!--
  一行目のノート。
    インデントされた二行目に アクセJ制御 がある。
-->

---

<!-- 一行ノート: ファJル -->
"""


def _blocks():
    return prose_of(parse_deck(DECK, "deck.md")).blocks


def test_blocks_by_kind_and_slide() -> None:
    kinds = [(b.slide, b.kind) for b in _blocks()]
    assert kinds == [(1, "heading"), (1, "list"), (1, "list"), (1, "note"), (1, "note"),
                     (2, "note")]


def test_positions_inside_multiline_notes_and_list_continuations() -> None:
    blocks = _blocks()
    note = blocks[4]
    at = note.text.index("J")
    assert note.position(at) == (13, 21)  # line 13, after four spaces of indentation
    continued = blocks[2]
    assert continued.position(continued.text.index("続")) == (9, 3)
    single = blocks[5]
    assert single.position(single.text.index("J")) == (18, 15)


def test_masking_keeps_offsets_and_hides_non_prose() -> None:
    text = "a `x y` b https://example.com/p?q=1 c ![alt](i.png) d [t](u) e <br> f"
    masked = mask(text)
    assert len(masked) == len(text)
    assert "x y" not in masked and "example" not in masked and "alt" not in masked
    assert "[t]" in masked and "(u)" not in masked and "<br>" not in masked
    assert masked.count(MASK) == len(text) - len(masked.replace(MASK, ""))


def test_sentences_split_at_periods_and_line_ends() -> None:
    block = _blocks()[3]
    assert [block.text[s:e] for s, e in sentences(block)] == ["一行目のノート。"]
    b = Block(1, "note", "文一。文二？「引用。」最後\n次の行", (0,), (1,), (0,))
    assert [b.text[s:e] for s, e in sentences(b)] == ["文一。", "文二？", "「引用。」", "最後", "次の行"]


def test_japanese_rules_report_exact_line_and_column_inside_notes() -> None:
    deck = parse_deck(DECK, "deck.md")
    rule = all_rules()["DK722"]
    found = [(f.span.line, f.span.col) for f in rule.func(deck, RuleContext(dict(rule.options)))]
    assert found == [(13, 21), (18, 15)]


def test_separator_characters_in_the_deck_do_not_shift_blocks() -> None:
    deck = parse_deck("# A\x1eB\x1fC\n\n- アクセJ制御\n", "deck.md")
    prose = prose_of(deck)
    assert [b.text for b in prose.blocks] == [f"A{MASK}B{MASK}C", "アクセJ制御"]
    rule = all_rules()["DK722"]
    assert [(f.span.line, f.span.col) for f in rule.func(deck, RuleContext(dict(rule.options)))] \
        == [(3, 6)]
