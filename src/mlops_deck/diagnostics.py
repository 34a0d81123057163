"""Findings about a deck, shared by lint rules and the rendered overflow check.

A :class:`Diagnostic` is data, never an exception: the CLI turns a list of them into a
report and an exit code.
"""
from __future__ import annotations

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


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One finding. Sorted by path, then position, then rule id."""

    path: Path
    span: Span
    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    slide: int | None = None

    def __str__(self) -> str:
        return (f"{self.path}:{self.span.line}:{self.span.col}: {self.rule_id} "
                f"{self.message} [{self.rule_name}]")
