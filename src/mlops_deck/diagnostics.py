"""Findings about a deck, shared by lint rules and the rendered overflow check.

A :class:`Diagnostic` is data, never an exception: the CLI turns a list of them into a
report and an exit code.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from .model import Span


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        return cls[text.strip().upper()]


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding. Sorted by path, then position, then rule id.

    The order is explicit because spans may leave ``end_line``/``end_col`` unset: the
    dataclass order would compare None with an int when two findings start at the same
    place (e.g. a lint rule and the rendered overflow check on one code block)."""

    path: Path
    span: Span
    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    slide: int | None = None

    def sort_key(self) -> tuple:
        s = self.span
        return (str(self.path), s.line, s.col, s.end_line or 0, s.end_col or 0, self.rule_id,
                self.message)

    def __lt__(self, other: "Diagnostic") -> bool:
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:
        return (f"{self.path}:{self.span.line}:{self.span.col}: {self.rule_id} "
                f"{self.message} [{self.rule_name}]")
