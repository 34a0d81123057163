"""DK8xx study-content rules: the agenda against the section dividers (DK810) and what the
deck says about itself (DK811). Numbers about subjects: :mod:`.study_consistency`; exam
points in notes: :mod:`.study_coverage`.
"""
from __future__ import annotations

import re
from typing import Iterator

from ...diagnostics import Severity
from ...model import Deck, Span
from ..registry import Finding, RuleContext, rule
from .japanese_text import prose_of
from .study_agenda import (AGENDA_WORDS, MARKER, AgendaItem, Divider, agenda_items,
                           find_agenda, find_dividers, normalize, pair)

TAGS = ("study",)
AGENDA_OPTIONS = {"agenda-titles": list(AGENDA_WORDS), "divider-class": "lead",
                  "section-marker": MARKER, "match-threshold": 0.3}


def sections_of(deck: Deck, ctx: RuleContext) -> tuple[list[AgendaItem], list[Divider]]:
    """The agenda's items and the section dividers (memoised per run)."""
    key = ("study.sections", str(deck.path))
    if key not in ctx.cache:
        agenda = find_agenda(deck, tuple(ctx.option("agenda-titles", AGENDA_WORDS)))
        items = agenda_items(agenda, deck.lines) if agenda else []
        dividers = find_dividers(deck, list(prose_of(deck, ctx.cache).blocks), agenda, items,
                                 str(ctx.option("divider-class", "lead")),
                                 str(ctx.option("section-marker", MARKER)))
        ctx.cache[key] = (items, dividers)
    return ctx.cache[key]


def option_problem(ctx: RuleContext, *regex_options: str) -> Finding | None:
    """A finding for a regex option that does not compile (a config mistake, not a crash)."""
    for name in ("section-marker", *regex_options):
        value = ctx.option(name, None)
        if value is None:
            continue
        try:
            re.compile(str(value))
        except re.error as exc:
            return Finding(Span(1, 1), f"オプション {name} の正規表現が不正です: {exc}", None,
                           severity=Severity.ERROR)
    return None


@rule("DK810", "agenda-section-mismatch", Severity.WARNING, tags=TAGS, options=AGENDA_OPTIONS)
def agenda_section_mismatch(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Compares the agenda slide with the section divider slides and reports agenda items with
    no section, sections missing from the agenda, titles that differ, section numbers that
    disagree with the agenda's or skip numbers, and sections in a different order.

    ## Why is this bad?
    The agenda is the learner's map of the course: a section it promises but the deck lacks
    (or the reverse) sends them looking for material that is not there.

    ## Example
    ```markdown
    # アジェンダ
    1. MLOps基礎
    2. データ管理
    ---
    <!-- _class: lead -->
    # データ管理
    - Section 3
    ```

    ## Use instead
    An agenda whose items are the sections, with the same titles, numbers and order.

    ## Options
    - `agenda-titles` (list of str): words that mark the agenda slide's title
      (default アジェンダ, Agenda, 目次, Contents, 本日の内容, Outline).
    - `divider-class` (str, default `lead`): the class of section divider slides.
    - `section-marker` (regex with one number group, default `Section N` / `セクション N` /
      `第N章` ...).
    - `match-threshold` (float, default 0.3): how alike an item and a divider with different
      titles must be to count as the same section.
    """
    problem = option_problem(ctx)
    if problem:
        yield problem
        return
    items, dividers = sections_of(deck, ctx)
    if not items or not dividers:
        return
    pairs = pair(items, dividers, float(ctx.option("match-threshold", 0.3)))
    paired_items = {id(i) for i, _ in pairs}
    paired_divs = {id(d) for _, d in pairs}
    for item in items:
        if id(item) not in paired_items:
            yield Finding(item.span, f"アジェンダ項目 {_label(item)} に対応するセクション区切り"
                                     "スライドがありません", None)
    for div in dividers:
        if id(div) not in paired_divs:
            yield Finding(div.span, f"セクション「{div.title}」{_marker(div)}がアジェンダに"
                                    "ありません", div.slide.index)
    for item, div in pairs:
        if normalize(item.title) != normalize(div.title):
            yield Finding(div.span, f"セクション見出し「{div.title}」がアジェンダの "
                                    f"{_label(item)} と異なります", div.slide.index)
        if item.number is not None and div.number is not None and item.number != div.number:
            yield Finding(div.marker_span or div.span,
                          f"セクション番号 {div.number} がアジェンダの番号 {item.number}"
                          f"（「{item.title}」）と一致しません", div.slide.index)
    unpaired = {i.number for i in items if id(i) not in paired_items and i.number is not None}
    yield from _numbering(dividers, items, unpaired)
    yield from _order(pairs)


def _label(item: AgendaItem) -> str:
    return f"{item.number}.「{item.title}」" if item.number is not None else f"「{item.title}」"


def _marker(div: Divider) -> str:
    return f"（番号 {div.number}）" if div.number is not None else ""


def _numbering(dividers: list[Divider], items: list[AgendaItem],
               explained: set[int]) -> Iterator[Finding]:
    """Gaps in the dividers' numbers (numbers of agenda items already reported as having no
    divider are not gaps again), and in the agenda's own numbering."""
    numbered = [d for d in dividers if d.number is not None]
    expected = 1
    for div in numbered:
        skipped = set(range(expected, div.number))
        if div.number < expected or (skipped and not skipped <= explained):
            missing = ("" if div.number <= expected else
                       f"（{expected} がありません）" if div.number == expected + 1 else
                       f"（{expected}〜{div.number - 1} がありません）")
            what = "から始まっています" if expected == 1 and div is numbered[0] else \
                f"が {expected - 1} の次にあります"
            yield Finding(div.marker_span or div.span,
                          f"セクション番号 {div.number} {what}{missing}", div.slide.index)
        expected = div.number + 1
    numbers = [i for i in items if i.number is not None]
    expected = 1
    for item in numbers:
        if item.number != expected:
            yield Finding(item.span, f"アジェンダの番号 {item.number} が {expected} であるべき"
                                     "位置にあります", None)
        expected = item.number + 1


def _order(pairs: list[tuple[AgendaItem, Divider]]) -> Iterator[Finding]:
    """Pairs outside the longest run that follows the agenda's order are out of order."""
    positions = [item.position for item, _ in pairs]
    keep = set(_longest_increasing(positions))
    for n, (item, div) in enumerate(pairs):
        if n in keep:
            continue
        yield Finding(div.span, f"セクション「{div.title}」の順序がアジェンダ（{item.position + 1}"
                                f"番目の {_label(item)}）と異なります", div.slide.index)


def _longest_increasing(values: list[int]) -> list[int]:
    """Indices of one longest strictly increasing subsequence (O(n^2); agendas are short)."""
    best: list[list[int]] = []
    for i, value in enumerate(values):
        chain = max((c for c in best if values[c[-1]] < value), key=len, default=[])
        best.append(chain + [i])
    return max(best, key=len, default=[])


_CLAIM = re.compile(r"(?<![0-9第各約最])(?P<n>\d+)\s*(?:枚の)?(?P<what>スライド|セクション|章|問)"
                    r"(?![目後前])")


@rule("DK811", "deck-claim-mismatch", Severity.WARNING, tags=TAGS,
      options={**AGENDA_OPTIONS, "question-title": r"^(?:Q|問題?|Question)\s*\d+"})
def deck_claim_mismatch(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Checks what the deck says about itself against what it has: 「125スライド」 against the
    number of slides, 「11セクション」/「12章」 against the number of section dividers (or of
    agenda items when there are no dividers), 「全N問」 against the number of question slides.
    Claims that agree are not reported.

    ## Why is this bad?
    A title slide promising 「試験範囲を網羅する125スライド」 or a summary of
    「11セクション」 that the deck does not have undermines trust in the whole material.

    ## Example
    ```markdown
    - 全12セクションで網羅
    ```
    in a deck with 10 section dividers.

    ## Use instead
    The number the deck actually has (or drop the count).

    ## Options
    - `question-title` (regex, default `^(?:Q|問題?|Question)\\s*\\d+`): titles of question
      slides; 「N問」 claims are checked only when the deck has some.
    - `agenda-titles`, `divider-class`, `section-marker`, `match-threshold`: as for DK810
      (they decide what counts as a section).
    """
    problem = option_problem(ctx, "question-title")
    if problem:
        yield problem
        return
    items, dividers = sections_of(deck, ctx)
    question = re.compile(str(ctx.option("question-title", r"^(?:Q|問題?|Question)\s*\d+")))
    counts = {"スライド": len(deck.slides),
              "セクション": len(dividers) or len(items) or None,
              "問": sum(1 for s in deck.slides if question.search(s.title or "")) or None}
    counts["章"] = counts["セクション"]
    units = {"スライド": "スライド", "セクション": "セクション区切り", "章": "セクション区切り",
             "問": "問題スライド"}
    prose = prose_of(deck, ctx.cache)
    for block, start, end, m in prose.matches(_CLAIM):
        counted = counts[m.group("what")]
        if counted is None or int(m.group("n")) == counted:
            continue
        extra = f"（アジェンダは{len(items)}項目）" if m.group("what") in ("セクション", "章") \
            and items and len(items) != counted else ""
        yield Finding(block.span(start, end),
                      f"「{m.group(0)}」とありますが、このデッキの{units[m.group('what')]}は"
                      f"{counted}です{extra}", block.slide)
