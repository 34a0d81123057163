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

What ``tests/test_registry.py`` holds every rule to: an id ``DKnnn`` and a kebab-case name,
both unique; ``## What it does``, ``## Why is this bad?``, ``## Example`` and
``## Use instead`` sections; ``## Options`` naming every option when ``options`` is given;
``## Fix safety`` when ``fixable=True``; and ``tests/fixtures/rules/DKnnn.md`` with at least
one bad and one good case. Tags the runner reads: ``suppressions`` (run after suppressions
are matched; reads ``ctx.cache["lint.suppressions"]``) and ``render`` (needs the measured
layout in ``ctx.cache["layout"]``; suppressions of it are judged only when it was measured).
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
    """Replace source lines ``[line, end_line]`` (1-based, inclusive) with ``text``.

    ``text`` is the new source of those lines; a missing final newline is added, and ``""``
    deletes the lines. ``end_line = line - 1`` inserts ``text`` before ``line`` (replacing
    nothing). Use the helpers: ``Fix.replace(3, "marp: true")``, ``Fix.delete(7)``,
    ``Fix.insert(2, "marp: true")``. ``--fix`` applies them and re-lints (lint/fix.py).
    """

    line: int
    end_line: int
    text: str

    @classmethod
    def replace(cls, line: int, *new_lines: str, end_line: int | None = None) -> "Fix":
        return cls(line, line if end_line is None else end_line, "".join(
            f"{x}\n" for x in new_lines))

    @classmethod
    def delete(cls, line: int, end_line: int | None = None) -> "Fix":
        return cls(line, line if end_line is None else end_line, "")

    @classmethod
    def insert(cls, before_line: int, *new_lines: str) -> "Fix":
        return cls(before_line, before_line - 1, "".join(f"{x}\n" for x in new_lines))


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
    def sections(self) -> dict[str, str]:
        """The docstring's ``## Heading`` sections, heading -> body text."""
        return doc_sections(self.doc)

    @property
    def summary(self) -> str:
        """One line: the first paragraph of *What it does* (else the first text line)."""
        what = self.sections.get("What it does", "").split("\n\n")[0]
        if what.strip():
            return " ".join(what.split())
        for line in self.doc.splitlines():
            if line.strip() and not line.startswith("#"):
                return line.strip()
        return self.name


def doc_sections(doc: str) -> dict[str, str]:
    """Split a ruff-shaped docstring at its ``## `` headings (fenced code is kept whole)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    fence = ""
    for line in doc.splitlines():
        stripped = line.strip()
        opening = not fence and stripped.startswith(("```", "~~~"))
        if fence and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
            fence = ""  # closing fence: only fence characters, at least as many
        elif opening:
            fence = stripped[:len(stripped) - len(stripped.lstrip(stripped[0]))]
        if not fence and not opening and line.startswith("## "):
            current = sections.setdefault(line[3:].strip().rstrip(":"), [])
        elif current is not None:
            current.append(line)
    return {k: "\n".join(v).strip() for k, v in sections.items()}


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
