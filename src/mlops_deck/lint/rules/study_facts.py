"""Subjects and canonical facts for the study rules (DK807, DK812).

*Subjects* are the things a number can be about: the service names of the terminology
dictionary (its entries whose expected spelling has Latin letters) plus the subjects of
``facts.yml``, each with its aliases. ``facts.yml`` maps a subject to its canonical facts::

    Managed Spot Training:
      aliases: [Spot Training, Spot Instances]    # other names of the same subject
      facts:                                      # aspect -> canonical value
        削減: 最大90%
      source: https://docs.aws.amazon.com/...     # optional, shown in messages
    Serverless Inference: 最大60秒                # short form: subject -> value (any aspect)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ...model import Deck
from ..registry import RuleContext
from .terms import dictionary_for, find_project_file

# Written before a name, these still name the same subject ("SageMaker Clarify" = "Clarify").
PREFIXES = ("Amazon SageMaker ", "Amazon ", "AWS ", "SageMaker ")


@dataclass(frozen=True, slots=True)
class Fact:
    subject: str
    aspect: str | None  # None: any aspect with the value's unit
    value: str
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Subjects:
    pattern: re.Pattern[str] | None
    canonical: dict[str, str] = field(default_factory=dict)  # casefolded name -> subject
    facts: tuple[Fact, ...] = ()
    error: str | None = None  # a facts.yml problem, reported by DK807

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
        """(offset, subject) of each subject named in ``text[start:end]``."""
        if self.pattern is None:
            return []
        stop = len(text) if end is None else end
        return [(m.start(), self.canonical[m.group("name").casefold()])
                for m in self.pattern.finditer(text, start, stop)]


def subjects_for(deck: Deck, ctx: RuleContext) -> Subjects:
    """The deck's subjects, from the dictionary and facts.yml (memoised per run)."""
    key = ("study.subjects", str(deck.path))
    if key in ctx.cache:
        return ctx.cache[key]
    names: dict[str, str] = {}
    dictionary, _ = dictionary_for(deck, ctx, ctx.option("dictionary", None))  # DK741 reports errors
    error = None
    for prh_rule in (dictionary.rules if dictionary else ()):
        if prh_rule.literal and re.search(r"[A-Za-z]", prh_rule.expected):
            names.setdefault(prh_rule.expected.casefold(), prh_rule.expected)
    facts: list[Fact] = []
    paths = find_project_file(deck, Path(ctx.root), ("facts.yml",), ctx.option("facts", None))
    for path in paths:
        try:
            facts += _load_facts(path, names)
        except (OSError, ValueError, yaml.YAMLError) as exc:
            error = f"{path}: {exc}".splitlines()[0]
    subjects = Subjects(_pattern(names), names, tuple(facts), error)
    ctx.cache[key] = subjects
    return subjects


def _load_facts(path: Path, names: dict[str, str]) -> list[Fact]:
    data = yaml.load(path.read_text(encoding="utf-8"),
                     Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ValueError("facts.yml maps each subject to its facts")
    facts = []
    for subject, entry in data.items():
        subject = str(subject)
        names[subject.casefold()] = subject
        if not isinstance(entry, dict):
            facts.append(Fact(subject, None, str(entry)))
            continue
        for alias in entry.get("aliases") or []:
            names[str(alias).casefold()] = subject
        source = entry.get("source")
        for aspect, value in (entry.get("facts") or {}).items():
            facts.append(Fact(subject, str(aspect), str(value), str(source) if source else None))
        if "value" in entry:
            facts.append(Fact(subject, None, str(entry["value"]), str(source) if source else None))
    return facts


def _pattern(names: dict[str, Any]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    prefixes = "|".join(re.escape(p) for p in PREFIXES)
    return re.compile(rf"(?<![A-Za-z0-9])(?:{prefixes})?(?P<name>{alternatives})(?![A-Za-z0-9])",
                      re.IGNORECASE)
