"""DK813: content slides whose speaker notes give no exam point."""
from __future__ import annotations

from typing import Iterator

from ...diagnostics import Severity
from ...model import Deck
from ..registry import Finding, RuleContext, rule
from .study import AGENDA_OPTIONS, option_problem, sections_of
from .study_agenda import find_agenda

MARKERS = ["試験", "頻出", "出題"]


@rule("DK813", "missing-exam-point", Severity.WARNING, tags=("study",),
      options={**AGENDA_OPTIONS, "markers": MARKERS, "skip-classes": ["lead"]})
def missing_exam_point(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports content slides whose speaker notes do not mention an exam point: none of the
    marker words (default 試験, 頻出, 出題) appears in the notes. The agenda, section
    dividers and slides with a skipped class (default `lead`: title and closing slides) are
    not content slides.

    ## Why is this bad?
    In exam study material every content slide should tell the learner what the exam asks
    about it; a slide without that is either filler or a missed chance.

    ## Example
    ```markdown
    # SageMaker Training Jobs
    - コンテナでスクリプトを実行
    <!-- FastFile Modeはランダムアクセス可能。 -->
    ```

    ## Use instead
    ```markdown
    # SageMaker Training Jobs
    - コンテナでスクリプトを実行
    <!-- 試験ではFile/Pipe/FastFile Modeの使い分けが頻出。 -->
    ```

    ## Options
    - `markers` (list of str, default 試験, 頻出, 出題): words that mark an exam point.
    - `skip-classes` (list of str, default `["lead"]`): slide classes that are not content.
    - `agenda-titles`, `divider-class`, `section-marker`, `match-threshold`: as for DK810
      (the agenda and section dividers are not content slides).
    """
    problem = option_problem(ctx)
    if problem:
        yield problem
        return
    markers = tuple(ctx.option("markers", MARKERS) or MARKERS)
    skip = set(ctx.option("skip-classes", ["lead"]) or [])
    agenda = find_agenda(deck, tuple(ctx.option("agenda-titles", AGENDA_OPTIONS["agenda-titles"])))
    _, dividers = sections_of(deck, ctx)
    not_content = {d.slide.index for d in dividers} | ({agenda.index} if agenda else set())
    shown = "・".join(markers)
    for slide in deck.slides:
        if slide.index in not_content or skip & set(str(slide.css_class or "").split()):
            continue
        notes = "\n".join(n.text for n in slide.notes)
        if any(word in notes for word in markers):
            continue
        what = "ノートに" if notes.strip() else "ノートがなく、"
        yield Finding(slide.title_span or slide.span,
                      f"{what}試験ポイント（{shown}）が書かれていません", slide.index)
