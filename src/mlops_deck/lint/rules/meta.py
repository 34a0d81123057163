"""DK0xx meta rules: what the parser noticed (Deck.problems) and the quality of the deck's
own ``lint disable|enable|ignore`` suppressions. DK002/DK003 carry the ``suppressions`` tag:
the runner runs them after the other rules, once suppressions have been matched."""
from __future__ import annotations

from typing import Iterator

from ...diagnostics import Severity
from ...model import Deck
from .. import suppress
from ..registry import Finding, Fix, RuleContext, all_rules, rule

# Every Problem code the parser emits has a rule here (tests/test_registry.py checks).
PROBLEM_RULES = {"front-matter-yaml": "DK001", "unclosed-fence": "DK004",
                 "unclosed-comment": "DK005"}


def _problems(deck: Deck, code: str) -> Iterator[Finding]:
    for problem in deck.problems:
        if problem.code == code:
            yield Finding(problem.span, problem.message)


@rule("DK001", "invalid-front-matter", Severity.ERROR, tags=("meta", "directives"))
def invalid_front_matter(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports front matter that is not valid YAML, or is YAML but not a mapping.

    ## Why is this bad?
    Marp drops the whole front matter silently when it does not parse: `marp: true`,
    `theme`, `class`, `paginate` and every other directive in it are lost.

    ## Example
    ```markdown
    ---
    marp: true
    theme: gaia
      class: invert
    ---
    ```

    ## Use instead
    ```markdown
    ---
    marp: true
    theme: gaia
    class: invert
    ---
    ```
    """
    yield from _problems(deck, "front-matter-yaml")


@rule("DK004", "unclosed-code-fence", Severity.ERROR, tags=("meta", "code"))
def unclosed_code_fence(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a code fence that is never closed.

    ## Why is this bad?
    An unclosed fence runs to the end of the deck: every following `---` is shown as code
    instead of starting a slide.

    ## Example
    ````markdown
    ```python
    print("hi")

    ---
    # Next slide
    ````

    ## Use instead
    ````markdown
    ```python
    print("hi")
    ```

    ---
    # Next slide
    ````
    """
    yield from _problems(deck, "unclosed-fence")


@rule("DK005", "unclosed-comment", Severity.ERROR, tags=("meta", "notes"))
def unclosed_comment(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports an HTML comment that is never closed with `-->`.

    ## Why is this bad?
    Marp treats everything up to the next `-->` (or the end of the block) as the comment,
    so slide content silently disappears into a speaker note.

    ## Example
    ```markdown
    <!-- presenter: mention the demo

    - first point
    ```

    ## Use instead
    ```markdown
    <!-- presenter: mention the demo -->

    - first point
    ```
    """
    yield from _problems(deck, "unclosed-comment")


def _outcome(deck: Deck, ctx: RuleContext) -> suppress.Outcome:
    outcome = ctx.cache.get(suppress.SUPPRESSIONS_KEY)
    return outcome if outcome is not None else suppress.apply(deck, [], all_rules())


@rule("DK002", "unused-suppression", Severity.WARNING, tags=("meta", suppress.POST_TAG),
      fixable=True)
def unused_suppression(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a `lint disable`/`lint ignore` comment that suppressed nothing, and a
    `lint enable` that ends no `lint disable`.

    ## Why is this bad?
    A stale suppression hides the next real problem of that kind and misleads readers
    about what is wrong with the slide.

    ## Example
    ````markdown
    <!-- lint ignore DK301 -->
    ```python
    print("has a language already")
    ```
    ````

    ## Use instead
    Remove the comment (`--fix` does, when the comment is alone on its lines).

    ## Fix safety
    Safe: the comment is invisible in Marp's output and suppressed nothing.
    """
    for sup in _outcome(deck, ctx).unused:
        what = " ".join(sup.selectors) or "all rules"
        message = (f"`lint enable {what}` ends no `lint disable`" if sup.action == "enable"
                   else f"unused suppression `lint {sup.action} {what}`: nothing to suppress")
        yield Finding(sup.span, message, fix=_removal(deck, sup))


def _removal(deck: Deck, sup: suppress.Suppression) -> Fix | None:
    first, last = sup.span.line, sup.span.end_line or sup.span.line
    if not (deck.lines[first - 1].lstrip().startswith("<!--")
            and deck.lines[last - 1].rstrip().endswith("-->")):
        return None  # the comment shares its line with content: leave it to the author
    return Fix.delete(first, last)


@rule("DK003", "unknown-suppression-rule", Severity.WARNING,
      tags=("meta", suppress.POST_TAG))
def unknown_suppression_rule(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a rule id, name or prefix in a `lint disable|enable|ignore` comment that names
    no known rule.

    ## Why is this bad?
    A typo in a suppression (`DK31` for `DK301`, `code-language`) suppresses nothing, or
    far more than intended, and nobody notices.

    ## Example
    ```markdown
    <!-- lint disable code-language -->
    ```

    ## Use instead
    ```markdown
    <!-- lint disable code-block-language -->
    ```
    """
    for sup in _outcome(deck, ctx).suppressions:
        for selector in sup.unknown:
            yield Finding(sup.span, f"`lint {sup.action}` names unknown rule '{selector}' "
                          "(see `mlops-deck rules`)")


