"""The rule registry. A rule is one small function, registered with its id, kebab-case
name, default severity, tags and a docstring in ruff's shape (*What it does / Why is this
bad? / Example / Use instead / Options*)::

    @rule("DK301", "code-block-language", Severity.WARNING, tags=("code",))
    def code_block_language(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
        \"\"\"## What it does ...\"\"\"
        for slide in deck.slides:
            for code in slide.code_blocks:
                if code.lang is None:
                    yield Finding(code.span, "code block has no language", slide.index)

The runner turns each :class:`Finding` into a :class:`~mlops_deck.diagnostics.Diagnostic`
(adding path, id, name and the configured severity) and applies suppressions.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from ..diagnostics import Severity
from ..model import Deck, Span


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule reports: where, what, and (optionally) which slide and a safe fix."""

    span: Span
    message: str
    slide: int | None = None
    fix: "Fix | None" = None
    severity: Severity | None = None  # overrides the rule's default for this finding
    path: Path | None = None  # another file (e.g. an unreferenced SVG under assets/); span is in it


@dataclass(frozen=True, slots=True)
class Fix:
    """Replace source lines ``[line, end_line]`` (1-based, inclusive) with ``text``."""

    line: int
    end_line: int
    text: str


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule may read besides the deck: its options and the project folder."""

    options: Mapping[str, Any] = field(default_factory=dict)
    root: Path = Path(".")
    cache: dict[str, Any] = field(default_factory=dict)  # per-run memo shared by rules

    def option(self, name: str, default: Any) -> Any:
        return self.options.get(name, default)


RuleFunc = Callable[[Deck, RuleContext], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    severity: Severity
    tags: tuple[str, ...]
    func: RuleFunc
    options: Mapping[str, Any]  # option name -> default
    fixable: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.func.__doc__ or "")

    @property
    def summary(self) -> str:
        for line in self.doc.splitlines():
            if line.strip() and not line.startswith("#"):
                return line.strip()
        return self.name


RULES: dict[str, Rule] = {}


def rule(rule_id: str, name: str, severity: Severity = Severity.WARNING, *,
         tags: tuple[str, ...] = (), options: Mapping[str, Any] | None = None,
         fixable: bool = False, aliases: tuple[str, ...] = ()) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function. Ids and names must be unique."""

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in RULES or any(r.name == name for r in RULES.values()):
            raise ValueError(f"duplicate rule {rule_id} / {name}")
        RULES[rule_id] = Rule(rule_id, name, severity, tuple(tags), func,
                              dict(options or {}), fixable, tuple(aliases))
        return func
    return register


def all_rules() -> dict[str, Rule]:
    """Every registered rule, by id (importing the rule families registers them)."""
    from . import rules  # noqa: F401 - import for the registration side effect
    return dict(sorted(RULES.items()))


def iter_findings(rule_: Rule, deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    yield from rule_.func(deck, ctx)
