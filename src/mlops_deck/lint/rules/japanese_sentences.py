"""DK7xx sentence rules: sentence length, 読点 per sentence, and である/ですます mixed in a
region. Sentences are split at 。！？!? and line ends (:func:`.japanese_text.sentences`);
no morphological analyser is needed.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from ...diagnostics import Severity
from ...model import Deck
from ..registry import Finding, RuleContext, rule
from .japanese_text import MASK, Block, prose_of, sentences

TAGS = ("japanese",)
SHORT_KINDS = ("list", "table", "heading")  # bullet-like prose: shorter limits


@rule("DK701", "sentence-too-long", Severity.WARNING, tags=TAGS, aliases=("sentence-length",),
      options={"max": 100, "max-in-list": 60})
def sentence_too_long(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports sentences longer than `max` characters in paragraphs and speaker notes, and
    longer than `max-in-list` in list items, table cells and headings. Code spans, URLs and
    images are not counted.

    ## Why is this bad?
    Long sentences are hard to follow while listening to a talk; long bullets also overflow
    the slide.

    ## Example
    A note sentence of 120 characters, or a bullet of 70.

    ## Use instead
    Split the sentence, or move detail from the bullet into the speaker notes.

    ## Options
    - `max` (int, default 100, textlint's default): paragraphs and notes.
    - `max-in-list` (int, default 60): list items, table cells and headings.
    """
    limit = int(ctx.option("max", 100))
    limit_list = int(ctx.option("max-in-list", 60))
    for block in prose_of(deck, ctx.cache).blocks:
        most = limit_list if block.kind in SHORT_KINDS else limit
        if len(block.text) <= most:  # fast path: the whole block is short enough
            continue
        for start, end in sentences(block):
            text = block.text[start:end]
            length = len(text.strip()) - text.count(MASK)
            if length > most:
                yield Finding(block.span(start, end),
                              f"一文が長すぎます（{length}文字 > {most}文字）", block.slide)


_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)|「[^「」]*」|『[^『』]*』")


@rule("DK703", "too-many-touten", Severity.WARNING, tags=TAGS, aliases=("max-ten",),
      options={"max": 3})
def too_many_touten(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports a sentence with more than `max` 読点「、」 (as textlint-rule-max-ten: with the
    default 3, the fourth 、 is reported). 、 inside brackets and quotes (（…）「…」) are not
    counted.

    ## Why is this bad?
    Many 読点 mean a sentence that chains clauses; split it or use a list.

    ## Example
    ```markdown
    データは、収集し、検証し、変換し、保存する。
    ```

    ## Use instead
    ```markdown
    データは収集・検証・変換の順に処理して保存する。
    ```

    ## Options
    - `max` (int, default 3): 読点 allowed in one sentence.

    ## Known problems
    textlint exempts 、 between nouns with a morphological analyser (`strict: false`);
    without one every 、 outside brackets counts.
    """
    most = int(ctx.option("max", 3))
    for block in prose_of(deck, ctx.cache).blocks:
        if block.text.count("、") <= most:
            continue
        for start, end in sentences(block):
            text = _BRACKETED.sub(lambda m: MASK * len(m.group(0)), block.text[start:end])
            positions = [m.start() for m in re.finditer("、", text)]
            if len(positions) > most:
                at = start + positions[most]
                yield Finding(block.span(at, at + 1),
                              f"一文に読点「、」が{len(positions)}個あります（最大{most}個）",
                              block.slide)


_END = r"(?:か|ね|よ)?(?=[」』）)】\]\s" + MASK + r"]*(?:[。．.！？!?\n\x1f]|\Z))"
_STYLE = re.compile(
    r"(?P<desumasu>(?:です|でした|でしょう|ます|ました|ません|ましょう|ませんでした)" + _END + ")"
    r"|(?P<dearu>(?:である|であった|であろう|ではない|ではなかった|"
    r"(?<=[\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff々])だ|だった|だろう)" + _END + ")")
REGION_OF = {"heading": "header", "paragraph": "body", "table": "body", "list": "list",
             "note": "notes"}


@rule("DK706", "mixed-desumasu-dearu", Severity.WARNING, tags=TAGS,
      aliases=("no-mix-dearu-desumasu",),
      options={"prefer-in-header": "", "prefer-in-body": "", "prefer-in-list": "",
               "prefer-in-notes": "", "scope": "deck"})
def mixed_desumasu_dearu(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Finds sentence endings in 敬体 (です・ます) and 常体 (だ・である) mixed within one region:
    headings, body paragraphs, list items and speaker notes are separate regions, each with
    its own preference. With no preference the majority style of the region wins and the
    minority sentences are reported (on a tie, the first style used wins).

    ## Why is this bad?
    Switching register mid-text (a note that starts in です・ます and ends in である) reads
    as careless and distracts the learner.

    ## Example
    ```markdown
    <!-- 学習ジョブを起動します。チェックポイントが必須である。 -->
    ```

    ## Use instead
    ```markdown
    <!-- 学習ジョブを起動します。チェックポイントが必須です。 -->
    ```

    ## Options
    - `prefer-in-header`, `prefer-in-body`, `prefer-in-list`, `prefer-in-notes`
      (`"ですます"` | `"である"` | `""` for the majority, default `""`).
    - `scope` (`"deck"` | `"slide"`, default `"deck"`): how far a region reaches.

    ## Known problems
    Only sentence endings are read (textlint's `strict: false`); 体言止め and plain verb
    endings (「〜する。」) count as neither style.
    """
    per_slide = str(ctx.option("scope", "deck")) == "slide"
    regions: dict[tuple, list[tuple[Block, int, int, str]]] = {}
    # one scan for sentence endings (an ending followed by 。！？, a line end or block end)
    for block, start, end, m in prose_of(deck, ctx.cache).matches(_STYLE):
        style = "ですます" if m.group("desumasu") else "である"
        key = (REGION_OF.get(block.kind, "body"), block.slide if per_slide else 0)
        regions.setdefault(key, []).append((block, start, end, style))
    for (region, _), found in regions.items():
        prefer = str(ctx.option(f"prefer-in-{region}", "") or "")
        counts = Counter(style for *_, style in found)
        if not prefer:
            if len(counts) < 2:
                continue
            prefer = max(counts, key=lambda s: (counts[s], -_first(found, s)))
        for block, start, end, style in found:
            if style != prefer:
                yield Finding(block.span(start, end),
                              f"「{prefer}」調の中に「{style}」調の文末があります"
                              f"（{counts[prefer]}対{counts[style]}）", block.slide)


def _first(found: list, style: str) -> int:
    return next(i for i, item in enumerate(found) if item[3] == style)
