"""DK741: terminology from a prh dictionary, over slide text and speaker notes, with a fix.

Which dictionary: the rule's `dictionary` option (paths relative to the project root), else
the first ``terms.yml`` or ``prh.yml`` found next to the deck or in a folder above it (up to
the project root), else ``deck/terms.yml`` under the project root or the working directory.
The same discovery serves the study rules (subjects for DK812) via :func:`dictionary_for`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ...diagnostics import Severity
from ...model import Deck, Span
from ..prh import PrhDictionary, PrhError, load_prh
from ..registry import Finding, Fix, RuleContext, rule
from .japanese_text import BLOCK_END, fixed_lines, prose_of

DICTIONARY_NAMES = ("terms.yml", "prh.yml")


def find_project_file(deck: Deck, root: Path, names: tuple[str, ...],
                      configured: str | list | None) -> list[Path]:
    """Configured paths (relative to ``root``), else the discovery order described above."""
    if configured:
        items = [configured] if isinstance(configured, str) else list(configured)
        return [p if p.is_absolute() else root / p for p in map(Path, items)]
    folder = deck.path.resolve().parent if str(deck.path) else Path.cwd()
    stop = root.resolve()
    for directory in (folder, *folder.parents):
        for name in names:
            if (directory / name).is_file():
                return [directory / name]
        if directory == stop:
            break
    for base in (stop, Path.cwd()):
        for name in names:
            if (base / "deck" / name).is_file():
                return [base / "deck" / name]
    return []


def dictionary_for(deck: Deck, ctx: RuleContext,
                   configured: str | list | None = None) -> tuple[PrhDictionary | None, str | None]:
    """The deck's prh dictionary (merged when several are configured) and an error message
    when one is invalid. Memoised per run in the context cache."""
    key = ("terms.dictionary", str(deck.path), str(configured))
    if key in ctx.cache:
        return ctx.cache[key]
    paths = find_project_file(deck, Path(ctx.root), DICTIONARY_NAMES, configured)
    result: tuple[PrhDictionary | None, str | None] = (None, None)
    try:
        loaded = [load_prh(p) for p in paths]
        if loaded:
            rules, seen = [], set()
            for dictionary in loaded:
                for r in dictionary.rules:
                    if r.expected not in seen:
                        seen.add(r.expected)
                        rules.append(r)
            result = (PrhDictionary(tuple(rules), tuple(p for d in loaded for p in d.paths)),
                      None)
    except FileNotFoundError as exc:
        result = (None, f"prh dictionary not found: {exc.filename}")
    except PrhError as exc:
        result = (None, str(exc))
    ctx.cache[key] = result
    return result


def inputs_for(deck: Deck, root: Path) -> list[Path]:
    """Files the terminology and study rules read for ``deck`` (for lint caches)."""
    files = find_project_file(deck, root, DICTIONARY_NAMES, None)
    files += find_project_file(deck, root, ("facts.yml",), None)
    return files


@rule("DK741", "term-variant", Severity.WARNING, tags=("japanese", "terms"), fixable=True,
      aliases=("prh",), options={"dictionary": None})
def term_variant(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Checks slide text (headings included) and speaker notes against the project's prh
    dictionary (`deck/terms.yml`): each match of a rule's `pattern` that differs from its
    `expected` spelling is reported with the expected spelling. Code spans, URLs and images
    are not checked.

    ## Why is this bad?
    A service spelled three ways (「CW Alarm」「CloudWatch Alarm」「Cloudwatch」) makes a
    learner wonder whether they are three things, and defeats search.

    ## Example
    ```markdown
    - CW Alarm で SNS に通知
    ```

    ## Use instead
    ```markdown
    - CloudWatch Alarm で SNS に通知
    ```

    ## Options
    - `dictionary` (str or list of str, default: discovered): prh YAML files, relative to the
      project root. Without one the rule looks for `terms.yml`/`prh.yml` next to the deck and
      above it, then `deck/terms.yml`; with none found it stays silent.

    ## Fix safety
    Safe: the dictionary's `specs` are run when it loads (a failing spec is reported and
    nothing is fixed), and the fix only replaces the matched text on its line.
    """
    dictionary, error = dictionary_for(deck, ctx, ctx.option("dictionary", None))
    if error:
        yield Finding(Span(1, 1), f"用語辞書を読み込めません: {error}", None,
                      severity=Severity.ERROR)
        return
    if dictionary is None or not dictionary.rules:
        return
    prose = prose_of(deck, ctx.cache)
    hits = []
    # one scan per dictionary rule over the whole deck's prose (blocks never join a match)
    for start, end, replacement, prh_rule in dictionary.changes(prose.text):
        old = prose.text[start:end]
        if BLOCK_END in old:
            continue
        block, offset = prose.locate(start)
        span = block.span(offset, offset + end - start)
        hits.append((span, block.slide, old, replacement, prh_rule))
    fixes = fixed_lines(deck, [(s.line, s.col, s.end_col, new)
                               for s, _, _, new, _ in hits if s.end_line == s.line])
    for span, slide, old, new, prh_rule in hits:
        note = f"（{prh_rule.note}）" if prh_rule.note else ""
        fix = Fix(span.line, span.line, fixes[span.line]) if span.end_line == span.line else None
        yield Finding(span, f"表記ゆれ「{old}」→「{new}」{note}", slide, fix)
