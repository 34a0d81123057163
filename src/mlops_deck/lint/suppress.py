"""In-deck suppressions, in the form marp-cli drops from its output (remark-lint style)::

    <!-- lint disable DK301 DK302 -- reason -->   from here to `lint enable` (or the end)
    <!-- lint enable DK301 -->                     ends that range for DK301
    <!-- lint ignore DK301 -->                     the next block only
    <!-- lint disable -->                          no ids: every rule

Ids may be rule ids, names or prefixes (``DK3``), separated by spaces or commas; text after
`` -- `` is the reason. The parser classifies these as ``CommentKind.TOOL`` comments; they
are matched here in source order. Ranges are tracked per rule id, so ``lint disable DK3``
followed by ``lint enable DK301`` re-enables DK301 only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..diagnostics import Diagnostic
from ..model import CommentKind, Deck, Span
from .config import matches
from .registry import Rule

PATTERN = re.compile(r"^lint (disable|enable|ignore)(?:\s+(.*?))?\s*$")
POST_TAG = "suppressions"  # rules tagged so run after suppressions are applied
SUPPRESSIONS_KEY = "lint.suppressions"  # RuleContext.cache key holding the Outcome
SKIPPED_BLOCKS = {"marpit_comment", "hr"}  # not an "element" a `lint ignore` can aim at


@dataclass
class Suppression:
    """One suppression comment and what it covers."""

    action: str  # "disable" | "enable" | "ignore"
    selectors: tuple[str, ...]
    reason: str | None
    span: Span
    rule_ids: frozenset[str] = frozenset()  # the known rules it names
    unknown: tuple[str, ...] = ()  # selectors that name no rule
    ranges: dict[str, tuple[int, int]] = field(default_factory=dict)  # rule id -> lines
    used: bool = False


@dataclass
class Outcome:
    kept: list[Diagnostic]
    suppressions: list[Suppression]
    ran: frozenset[str] | None = None  # rule ids that ran (None: all of them)

    @property
    def unused(self) -> list[Suppression]:
        """Suppressions that silenced nothing, among those naming a rule that ran (as ruff's
        RUF100: `--select DK0` must not call every `lint ignore DK301` unused)."""
        return [s for s in self.suppressions if not s.used and s.rule_ids
                and (self.ran is None or s.rule_ids & self.ran)]


def parse(deck: Deck, rules: Mapping[str, Rule]) -> list[Suppression]:
    """Every suppression comment in the deck, with the line ranges it covers."""
    found = []
    for slide in deck.slides:
        for comment in slide.comments:
            hit = PATTERN.match(comment.text) if comment.kind is CommentKind.TOOL else None
            if hit:
                found.append(_suppression(hit.group(1), hit.group(2) or "", comment.span,
                                          rules))
    _assign_ranges(deck, found, set(rules))
    return found


def _suppression(action: str, rest: str, span: Span, rules: Mapping[str, Rule]) -> Suppression:
    ids_text, sep, reason = rest.partition(" -- ")
    if not sep and rest.startswith("-- "):
        ids_text, reason = "", rest[3:]
    selectors = tuple(s for s in re.split(r"[\s,]+", ids_text.strip()) if s)
    named = {s: _named(s, rules) for s in selectors}
    unknown = tuple(s for s in selectors if not named[s])
    ids = set().union(*named.values()) if selectors else {r.id for r in rules.values()}
    return Suppression(action, selectors, reason.strip() or None, span, frozenset(ids), unknown)


def _named(selector: str, rules: Mapping[str, Rule]) -> set[str]:
    exact = selector.strip().upper()
    if exact in rules:  # a whole id (DKnnn) names that rule alone: skip trying every rule
        return {exact}
    return {r.id for r in rules.values() if matches(selector, r)}


def _assign_ranges(deck: Deck, found: list[Suppression], all_ids: set[str]) -> None:
    last = max(len(deck.lines), 1)
    open_ranges: dict[str, Suppression] = {}
    for sup in found:
        end = sup.span.end_line or sup.span.line
        if sup.action == "ignore":
            block_end = _next_block_end(deck, end)
            if block_end is not None:
                sup.ranges = {i: (end + 1, block_end) for i in sup.rule_ids}
        elif sup.action == "disable":
            for rule_id in sup.rule_ids:
                open_ranges[rule_id] = sup
                sup.ranges[rule_id] = (sup.span.line, last)
        else:
            closed = [i for i in sup.rule_ids if i in open_ranges]
            for rule_id in closed:
                opener = open_ranges.pop(rule_id)
                opener.ranges[rule_id] = (opener.ranges[rule_id][0], sup.span.line)
            sup.used = bool(closed)  # an enable that ends nothing is itself unused


def _next_block_end(deck: Deck, after_line: int) -> int | None:
    """Last line (1-based) of the first block that starts after ``after_line``."""
    for slide in deck.slides:
        if (slide.span.end_line or slide.span.line) <= after_line:
            continue
        for token in slide.tokens:
            if token.map is None or token.nesting < 0 or token.type in SKIPPED_BLOCKS:
                continue
            if token.map[0] + 1 > after_line:
                return max(token.map[1], token.map[0] + 1)
    return None


def apply(deck: Deck, diagnostics: Iterable[Diagnostic], rules: Mapping[str, Rule],
          ran: Iterable[str] | None = None) -> Outcome:
    """Drop suppressed diagnostics; mark each suppression that dropped something as used."""
    sups = parse(deck, rules)
    kept = []
    for diag in diagnostics:
        hit = [s for s in sups if _covers(s, diag)]
        for sup in hit:
            sup.used = True
        if not hit:
            kept.append(diag)
    return Outcome(kept, sups, None if ran is None else frozenset(ran))


def _covers(sup: Suppression, diag: Diagnostic) -> bool:
    lines = sup.ranges.get(diag.rule_id)
    return lines is not None and lines[0] <= diag.span.line <= lines[1]
