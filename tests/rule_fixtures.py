"""Reads tests/fixtures/rules/DKnnn.md (format: tests/fixtures/rules/README.md)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown_it.utils import read_fixture_file

RULE_FIXTURES = Path(__file__).parent / "fixtures" / "rules"


@dataclass(frozen=True)
class Case:
    rule_id: str
    title: str
    options: dict[str, Any]
    source: str
    expected: tuple[str, ...]
    line: int  # where the case starts in the fixture file

    @property
    def path(self) -> Path:
        return RULE_FIXTURES / f"{self.rule_id}.md"


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(RULE_FIXTURES.glob("DK*.md")):
        for line, title, source, expected in read_fixture_file(path):
            name, _, opts = title.partition("|")
            cases.append(Case(path.stem, name.strip(), json.loads(opts) if opts.strip() else {},
                              source, tuple(x.strip() for x in expected.splitlines() if x.strip()),
                              line))
    return cases
