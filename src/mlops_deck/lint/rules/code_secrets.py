"""DK307 credentials written into the deck (code, slide text or notes)."""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate
from typing import Iterator

from ...diagnostics import Severity
from ...model import Deck, Span
from ..registry import Finding, RuleContext, rule
from .structure import line_spans

# Shapes of real credentials, from the issuers' documented formats. AWS's documentation
# keys (`AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`) contain
# "EXAMPLE" and are skipped, as are values that spell out a placeholder.
SECRETS = {
    "AWS access key id": re.compile(r"\b(?:AKIA|ASIA|AROA|AIDA)[0-9A-Z]{16}\b"),
    "AWS secret access key": re.compile(
        r"(?i:aws_?secret_?access_?key)\W{0,4}[=:]\s*[\"']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"),
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----"),
    "GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "API secret key": re.compile(r"\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{32,}"),
}
# Literals each kind must contain: a plain substring test skips the regex for most decks.
HINTS = {"AWS access key id": ("AKIA", "ASIA", "AROA", "AIDA"),
         "AWS secret access key": ("ecret", "ECRET"), "private key": ("PRIVATE KEY",),
         "GitHub token": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
         "Slack token": ("xox",), "API secret key": ("sk-",)}
_PLACEHOLDER = re.compile(r"EXAMPLE|XXXX|your|dummy|placeholder", re.IGNORECASE)


@rule("DK307", "secret-in-deck", Severity.ERROR, tags=("code", "security"))
@line_spans
def secret_in_deck(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports text shaped like a real credential anywhere in the deck (code blocks, slide
    text, speaker notes): AWS access key ids and secret keys, private keys, GitHub and
    Slack tokens, `sk-…` API keys. AWS's documented example keys and obvious placeholders
    (`EXAMPLE`, `XXXX`, `your…`) are not reported.

    ## Why is this bad?
    A deck is published as HTML and PDF and shared far beyond the repository; a key
    pasted into a demo slide or a note is leaked with it, notes included.

    ## Example
    ````markdown
    ```bash
    export AWS_ACCESS_KEY_ID=AKIA2E0A8F3B244C9986
    ```
    ````

    ## Use instead
    ````markdown
    ```bash
    export AWS_PROFILE=training   # credentials stay in ~/.aws
    ```
    ````
    """
    starts = list(accumulate((len(line) + 1 for line in deck.lines), initial=0))
    source = "\n".join(deck.lines)
    for kind, pattern in SECRETS.items():
        if not any(hint in source for hint in HINTS[kind]):
            continue
        for m in pattern.finditer(source):
            if not _PLACEHOLDER.search(m.group(0)):
                number = bisect_right(starts, m.start())
                yield Finding(Span(number, m.start() - starts[number - 1] + 1), f"{kind} in "
                              "the deck: remove it and revoke it (notes and code are "
                              "published too)", _slide_of(deck, number))


def _slide_of(deck: Deck, line: int) -> int | None:
    for slide in deck.slides:
        if slide.span.line <= line <= (slide.span.end_line or slide.span.line):
            return slide.index
    return None
