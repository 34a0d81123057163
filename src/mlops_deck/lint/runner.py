"""Run the registered rules over one parsed deck: the lint engine.

One parse per deck; every rule reads the same immutable :class:`~mlops_deck.model.Deck`.
The runner stamps each :class:`Finding` with path, id, name and the configured severity,
checks its span against the deck, applies the deck's ``lint disable|enable|ignore``
suppressions, and sorts. A rule that raises never takes the others down: it becomes an
:class:`InternalError` naming the rule (the CLI exits 2).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..diagnostics import Diagnostic, Severity
from ..model import Deck, Span
from . import suppress
from .config import LintConfig
from .registry import Finding, Fix, Rule, RuleContext, all_rules

POST_TAG = suppress.POST_TAG
SUPPRESSIONS_KEY = suppress.SUPPRESSIONS_KEY
RENDER_TAG = "render"  # rules that need the rendered layout (DK6xx)
LAYOUT_KEY = "layout"  # mlops_deck.layout.LAYOUT_CACHE_KEY: measurements in the extras


@dataclass(frozen=True, slots=True)
class InternalError:
    """A rule crashed (or reported a position outside the deck): a bug, not a finding."""

    path: Path
    rule_id: str
    rule_name: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: internal error in rule {self.rule_id} ({self.rule_name}): {self.message}"


@dataclass(frozen=True, slots=True)
class LintResult:
    """Diagnostics (sorted), internal errors, and the safe fixes some diagnostics carry."""

    diagnostics: tuple[Diagnostic, ...] = ()
    internal_errors: tuple[InternalError, ...] = ()
    fixes: Mapping[Diagnostic, Fix] = field(default_factory=dict)
    timings: Mapping[str, float] = field(default_factory=dict, compare=False)  # id -> seconds

    def __add__(self, other: "LintResult") -> "LintResult":
        timings = dict(self.timings)
        for rule_id, seconds in other.timings.items():
            timings[rule_id] = timings.get(rule_id, 0.0) + seconds
        return LintResult(sort_diagnostics(self.diagnostics + other.diagnostics),
                          self.internal_errors + other.internal_errors,
                          {**self.fixes, **other.fixes}, timings)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def exit_code(self, fail_on: Severity = Severity.ERROR) -> int:
        """2 on internal errors, 1 when a diagnostic reaches ``fail_on``, else 0."""
        if self.internal_errors:
            return 2
        return 1 if any(d.severity >= fail_on for d in self.diagnostics) else 0


def diagnostic_order(d: Diagnostic) -> tuple:
    """Path, position, rule: an explicit key, because spans may leave their end unset and
    comparing None with an int would raise when two findings start at the same place."""
    s = d.span
    return (str(d.path), s.line, s.col, s.end_line or 0, s.end_col or 0, d.rule_id,
            d.message, d.slide or 0)


def sort_diagnostics(diagnostics) -> tuple[Diagnostic, ...]:
    return tuple(sorted(diagnostics, key=diagnostic_order))


def lint_deck(deck: Deck, config: LintConfig | None = None, *, root: Path,
              extra: Mapping[str, Any] | None = None) -> LintResult:
    """Lint one parsed deck. ``extra`` is merged into every rule's ``RuleContext.cache``
    (e.g. ``{"layout": measurements}`` from the rendered overflow check)."""
    config = config or LintConfig()
    rules = config.rules_for(deck.path, all_rules())
    shared: dict[str, Any] = dict(extra or {})
    run = _Run(deck, config, Path(root), shared)
    for rule_ in rules:
        if POST_TAG not in rule_.tags:
            run.run(rule_)
    # a render rule without measurements saw nothing: its suppressions can't be judged
    judged = [r.id for r in rules if RENDER_TAG not in r.tags or LAYOUT_KEY in shared]
    outcome = suppress.apply(deck, run.diagnostics, all_rules(), judged)
    shared[SUPPRESSIONS_KEY] = outcome
    kept = list(outcome.kept)
    run.diagnostics = []
    for rule_ in rules:
        if POST_TAG in rule_.tags:
            run.run(rule_)
    kept += run.diagnostics  # findings about suppressions are not themselves suppressible
    fixes = {d: run.fixes[d] for d in kept if d in run.fixes}
    return LintResult(sort_diagnostics(kept), tuple(run.errors), fixes, run.timings)


class _Run:
    """The state of one deck's lint: diagnostics, fixes and crashes collected so far."""

    def __init__(self, deck: Deck, config: LintConfig, root: Path, shared: dict[str, Any]):
        self.deck, self.config, self.root, self.shared = deck, config, root, shared
        self.diagnostics: list[Diagnostic] = []
        self.fixes: dict[Diagnostic, Fix] = {}
        self.errors: list[InternalError] = []
        self.timings: dict[str, float] = {}

    def run(self, rule_: Rule) -> None:
        ctx = RuleContext(self.config.options_for(rule_), self.root, self.shared)
        start = time.perf_counter()
        try:
            findings = list(rule_.func(self.deck, ctx) or ())
            stamped = [self._stamp(rule_, f) for f in findings]
        except Exception as exc:  # noqa: BLE001 - a rule bug must not stop the others
            self.errors.append(InternalError(self.deck.path, rule_.id, rule_.name,
                                             _describe(exc)))
            return
        finally:
            self.timings[rule_.id] = time.perf_counter() - start
        for finding, diagnostic in zip(findings, stamped):
            self.diagnostics.append(diagnostic)
            if finding.fix is not None and rule_.fixable:
                self.fixes[diagnostic] = finding.fix

    def _stamp(self, rule_: Rule, finding: Finding) -> Diagnostic:
        if not isinstance(finding, Finding):
            raise TypeError(f"rule yielded {type(finding).__name__}, not Finding")
        span = _checked_span(finding.span, len(self.deck.lines))
        # the user's configured severity beats the rule's per-finding and default choice
        severity = self.config.severity_of(rule_) or finding.severity or rule_.severity
        slide = finding.slide if finding.slide is not None else slide_at(self.deck, span.line)
        return Diagnostic(self.deck.path, span, rule_.id, rule_.name, severity,
                          finding.message, slide)


def _checked_span(span: Span, line_count: int) -> Span:
    if not isinstance(span, Span):
        raise TypeError(f"finding span is {type(span).__name__}, not Span")
    if not 1 <= span.line <= max(line_count, 1) or span.col < 1:
        raise ValueError(f"finding at {span.line}:{span.col} is outside the deck "
                         f"(1-{line_count} lines)")
    return span


def slide_at(deck: Deck, line: int) -> int | None:
    """The 1-based slide whose source range holds ``line`` (None in the front matter)."""
    found = None
    for slide in deck.slides:
        if slide.span.line <= line:
            found = slide.index
        else:
            break
    if deck.front_matter_span and line <= (deck.front_matter_span.end_line or 0):
        return None
    return found


def _describe(exc: BaseException) -> str:
    """``Type: message (at file:line)`` pointing at the innermost frame of the crash."""
    import traceback  # only on a crash: keeps tokenize/linecache out of every cold start

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"
