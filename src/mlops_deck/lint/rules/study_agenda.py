"""The agenda slide and the section divider slides, and how they pair up (for DK810).

- The *agenda* is the first slide whose title contains one of the agenda words (アジェンダ,
  Agenda, 目次 ...). Its items are the list items at the outermost level that holds text;
  an item's number is its ordered-list number or a leading 「N.」「Section N」, its title the
  text before 「 — 」「: 」, the rest its description.
- A *section divider* is a slide with the divider class (default ``lead``) that carries a
  section marker (「Section N」「セクション N」「第N章」) or whose title matches an agenda item.
- Items and dividers pair by equal titles first, then by the terms their titles and
  descriptions share (:func:`score`), best pairs first.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ...model import Deck, Slide, Span
from .japanese_text import Block

AGENDA_WORDS = ("アジェンダ", "agenda", "目次", "contents", "本日の内容", "outline")
MARKER = r"(?:Section|セクション|Chapter|Part|第)\s*(\d+)\s*(?:章|部)?"
_SPLIT = re.compile(r"\s+[—–―-]\s+|[:：]\s*|\s+\|\s+")
_LEADING_NUMBER = re.compile(r"^(?:(?:Section|セクション|Chapter)\s*)?(\d+)[.)．、:：]?\s+|^第(\d+)章\s*")
_NOISE = re.compile(r"[\s・/／、。,，.．\-—–―:：()（）\[\]「」&＆+＋|]+")


@dataclass(frozen=True, slots=True)
class AgendaItem:
    position: int  # 0-based order in the agenda
    number: int | None
    title: str
    description: str
    span: Span


@dataclass(frozen=True, slots=True)
class Divider:
    slide: Slide
    title: str
    subtitle: str
    number: int | None
    marker_span: Span | None

    @property
    def span(self) -> Span:
        return self.slide.title_span or self.slide.span


def normalize(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())


def find_agenda(deck: Deck, words: tuple[str, ...] = AGENDA_WORDS) -> Slide | None:
    for slide in deck.slides:
        title = unicodedata.normalize("NFKC", slide.title or "").casefold()
        if any(w.casefold() in title for w in words):
            return slide
    return None


def agenda_items(slide: Slide, lines: tuple[str, ...]) -> list[AgendaItem]:
    found: list[tuple[int, int | None, Any]] = []
    depth, numbers = 0, []
    for token in slide.tokens:
        if token.type == "list_item_open":
            depth += 1
            numbers.append(int(token.info) if token.info.isdigit() else None)
        elif token.type == "list_item_close":
            depth -= 1
            numbers.pop()
        elif token.type == "inline" and depth and token.content.strip():
            number = next((n for n in reversed(numbers) if n is not None), None)
            found.append((depth, number, token))
    if not found:
        return []
    top = min(d for d, _, _ in found)
    items = []
    for depth, number, token in found:
        if depth != top:
            continue
        text = token.content.strip()
        lead = _LEADING_NUMBER.match(text)
        if lead:
            number = number if number is not None else int(lead.group(1) or lead.group(2))
            text = text[lead.end():]
        title, description = (_SPLIT.split(text, 1) + [""])[:2]
        row = (token.map or [0, 1])[0]
        col = lines[row].find(title) + 1 if row < len(lines) and title in lines[row] else 1
        items.append(AgendaItem(len(items), number, title.strip(), description.strip(),
                                Span(row + 1, col, row + 1, col + len(title))))
    return items


def find_dividers(deck: Deck, blocks: list[Block], agenda: Slide | None,
                  items: list[AgendaItem], divider_class: str, marker: str) -> list[Divider]:
    marker_re = re.compile(marker, re.IGNORECASE)
    titles = {normalize(i.title) for i in items}
    by_slide: dict[int, list[Block]] = {}
    for block in blocks:
        by_slide.setdefault(block.slide, []).append(block)
    dividers = []
    for slide in deck.slides:
        classes = str(slide.css_class or "").split()
        if slide is agenda or divider_class not in classes:
            continue
        body = [b for b in by_slide.get(slide.index, []) if b.kind != "heading"]
        number, span = _marker(body, marker_re)
        title = slide.title or ""
        if number is None and normalize(title) not in titles and not _similar_to_any(title, items):
            continue
        subtitle = " ".join(b.text for b in body if not b.is_note)
        dividers.append(Divider(slide, title, subtitle, number, span))
    return dividers


def _marker(blocks: list[Block], marker_re: re.Pattern) -> tuple[int | None, Span | None]:
    for prefer_notes in (False, True):
        for block in blocks:
            if block.is_note != prefer_notes:
                continue
            m = marker_re.search(block.text)
            if m:
                return int(m.group(1)), block.span(m.start(), m.end())
    return None, None


def _similar_to_any(title: str, items: list[AgendaItem]) -> bool:
    return any(similarity(title, i.title) >= 0.5 for i in items)


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams of the normalised texts (0..1)."""
    x, y = _bigrams(normalize(a)), _bigrams(normalize(b))
    if not x or not y:
        return 0.0
    common = sum(min(x.count(g), y.count(g)) for g in set(x))
    return 2 * common / (len(x) + len(y))


def _bigrams(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(len(text) - 1)] or ([text] if text else [])


def pair(items: list[AgendaItem], dividers: list[Divider],
         threshold: float) -> list[tuple[AgendaItem, Divider]]:
    """Agenda items paired with dividers: equal titles, then the most similar pairs."""
    pairs: list[tuple[AgendaItem, Divider]] = []
    free_items, free_divs = list(items), list(dividers)
    for item in list(free_items):
        for div in free_divs:
            if normalize(item.title) == normalize(div.title):
                pairs.append((item, div))
                free_items.remove(item)
                free_divs.remove(div)
                break
    scored = sorted(((score(i, d), n, m) for n, i in enumerate(free_items)
                     for m, d in enumerate(free_divs)), key=lambda s: -s[0])
    used_i, used_d = set(), set()
    for value, n, m in scored:
        if value < threshold or n in used_i or m in used_d:
            continue
        used_i.add(n)
        used_d.add(m)
        pairs.append((free_items[n], free_divs[m]))
    return sorted(pairs, key=lambda p: p[1].slide.index)


def score(item: AgendaItem, div: Divider) -> float:
    """How well an agenda item describes a divider: the share of shared terms (「ドリフト検知」
    in both, 「再学習」 inside 「自動再学習」), plus a little title similarity to break ties."""
    mine = _terms(f"{item.title}・{item.description}")
    theirs = _terms(f"{div.title}・{div.subtitle}")
    if not mine or not theirs:
        return 0.0
    shared = sum(1 for a in mine if any(a == b or (len(a) > 1 and len(b) > 1 and (a in b or b in a))
                                         for b in theirs))
    return shared / min(len(mine), len(theirs)) + 0.3 * similarity(item.title, div.title)


_TERM_SPLIT = re.compile(r"[・/／、,，|]+|\s+[—–―-]\s+|[:：]")


def _terms(text: str) -> set[str]:
    return {t for t in (normalize(part) for part in _TERM_SPLIT.split(text)) if t}
