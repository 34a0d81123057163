"""DK812 (the same fact stated with different numbers) and DK807 (a number that disagrees
with facts.yml). Claims are found by :mod:`.study_numbers`."""
from __future__ import annotations

from typing import Iterator

from ...diagnostics import Severity
from ...model import Deck, Span
from ..registry import Finding, RuleContext, rule
from .study_facts import subjects_for
from .study_numbers import Claim, aspects_option, claims_of, compatible, parse_quantity

TAGS = ("study",)
OPTIONS = {"dictionary": None, "facts": None, "aspects": None}


def _where(claim: Claim) -> str:
    block = claim.block
    if block is None:
        return ""
    return f"スライド{block.slide}" + ("（ノート）" if block.is_note else "")


def _span(claim: Claim) -> Span:
    assert claim.block is not None
    return claim.block.span(claim.start, claim.start + len(claim.text))


@rule("DK812", "inconsistent-number", Severity.WARNING, tags=TAGS, options=OPTIONS)
def inconsistent_number(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Finds the same fact stated with different numbers on different slides, or between a
    slide and its notes: the same subject (a service name from the terminology dictionary or
    facts.yml), the same aspect (削減, 高速化, ペイロード ...) and the same kind of unit, with
    values that cannot both be true. Every contradicting statement is reported at its line.
    Different subjects with the same number, and compatible statements (「99%以上」 and
    「99.6%」), are not reported.

    ## Why is this bad?
    A learner who reads 「Spot Trainingで最大90%削減」 on one slide and 「最大70%」 on another
    cannot know which to remember for the exam.

    ## Example
    ```markdown
    - Managed Spot Trainingで最大70%コスト削減
    ---
    - Managed Spot Trainingで最大90%コスト削減
    ```

    ## Use instead
    One value everywhere, ideally recorded in `facts.yml` (then DK807 keeps it right).

    ## Options
    - `dictionary` (str or list, default: discovered as DK741 does): where subjects come from.
    - `facts` (str or list, default: `facts.yml` next to the deck or above it, then
      `deck/facts.yml`): subjects' aliases and canonical values.
    - `aspects` (mapping word -> aspect, default 削減/高速化/ペイロード/タイムアウト/メモリ
      ...): the words that say what a number measures; words with the same aspect compare.

    ## Known problems
    A number is tied to the first subject of its clause (or the slide title's only subject)
    and to the nearest aspect word; numbers with neither are skipped rather than guessed.
    """
    groups: dict[tuple[str, str, str], list[Claim]] = {}
    for claim in claims_of(deck, ctx):
        groups.setdefault(claim.key, []).append(claim)
    for (subject, aspect, _), claims in groups.items():
        for claim in claims:
            others = [c for c in claims if c is not claim and not compatible(claim, c)]
            if not others:
                continue
            said = "、".join(f"{_where(c)}では「{c.text}」" for c in others)
            yield Finding(_span(claim), f"「{subject}」の{aspect}がデッキ内で食い違っています: "
                                        f"ここでは「{claim.text}」、{said}",
                          claim.block.slide if claim.block else None)


@rule("DK807", "fact-registry-mismatch", Severity.WARNING, tags=TAGS, options=OPTIONS)
def fact_registry_mismatch(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Compares the numbers the deck states about a subject with the canonical values in
    `facts.yml` and reports each one that disagrees. Silent without a facts file.

    ## Why is this bad?
    Exam material must match the official figures; facts.yml records them once, with the
    source, so a wrong number is caught wherever it appears.

    ## Example
    With `Managed Spot Training: {facts: {削減: 最大90%}}` in facts.yml:
    ```markdown
    - Spot Trainingで最大70%コスト削減
    ```

    ## Use instead
    ```markdown
    - Spot Trainingで最大90%コスト削減
    ```

    ## Options
    - `dictionary` (str or list, default: discovered as DK741 does): where subjects come from.
    - `facts` (str or list, default: `facts.yml` next to the deck or above it, then
      `deck/facts.yml`): subjects' aliases and canonical values.
    - `aspects` (mapping word -> aspect, default 削減/高速化/ペイロード/タイムアウト/メモリ
      ...): the words that say what a number measures; words with the same aspect compare.
    """
    subjects = subjects_for(deck, ctx)
    if subjects.error:
        yield Finding(Span(1, 1), f"facts.yml を読み込めません: {subjects.error}", None,
                      severity=Severity.ERROR)
    if not subjects.facts:
        return
    aspects = aspects_option(ctx)
    canon = []
    for fact in subjects.facts:
        quantity = parse_quantity(fact.value)
        if quantity is None:
            continue
        dimension, low, high, bound = quantity
        aspect = aspects.get(fact.aspect, fact.aspect) if fact.aspect else None
        canon.append((fact, Claim(fact.subject, aspect or "", dimension, low, high, bound,
                                  fact.value, None, 0)))
    for claim in claims_of(deck, ctx):
        for fact, reference in canon:
            if reference.subject != claim.subject or reference.dimension != claim.dimension:
                continue
            if reference.aspect and reference.aspect not in (claim.aspect,):
                continue
            if not compatible(claim, reference):
                source = f"（出典: {fact.source}）" if fact.source else ""
                yield Finding(_span(claim), f"「{claim.subject}」の{claim.aspect}は facts.yml では"
                                            f"「{fact.value}」ですが、ここでは「{claim.text}」です"
                                            f"{source}", claim.block.slide if claim.block else None)
