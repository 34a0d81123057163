"""DK7xx rules on marks inside Japanese prose: `!`/`?` policy, IME slips (a Latin letter inside
a Japanese word), unmatched brackets and quotes, and half-/full-width spacing.

They read slide text and speaker notes (:mod:`.japanese_text`), so code spans, URLs and
images never trigger them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ...diagnostics import Severity
from ...model import Deck
from ..registry import Finding, Fix, RuleContext, rule
from .japanese_text import fixed_lines, prose_of

TAGS = ("japanese",)
JP = "\u3041-\u3096\u30a1-\u30fa\u30fc\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆〇"
KATA = "\u30a1-\u30fa\u30fc"
KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々"


@lru_cache(maxsize=16)
def _marks_pattern(half_excl: bool, full_excl: bool, half_q: bool, full_q: bool) -> re.Pattern:
    banned = "".join(c for c, allowed in (("!", half_excl), ("！", full_excl),
                                          ("?", half_q), ("？", full_q)) if not allowed)
    return re.compile(f"[{re.escape(banned)}]+" if banned else r"(?!)")


@rule("DK716", "exclamation-question-mark", Severity.WARNING, tags=TAGS,
      aliases=("no-exclamation-question-mark",),
      options={"allow-halfwidth-exclamation": False, "allow-fullwidth-exclamation": False,
               "allow-halfwidth-question": False, "allow-fullwidth-question": True,
               "allow": []})
def exclamation_question_mark(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Finds `!` `！` `?` `？` in slide text and notes, by a per-mark policy.

    ## Why is this bad?
    Technical writing states facts; exclamation marks read as hype, and a half-width `?` in
    Japanese prose is a width slip.

    ## Example
    ```markdown
    # 試験に合格しよう！
    ```

    ## Use instead
    ```markdown
    # 試験合格に向けて
    ```

    ## Options
    - `allow-halfwidth-exclamation`, `allow-fullwidth-exclamation`, `allow-halfwidth-question`
      (bool, default false) and `allow-fullwidth-question` (bool, default **true**: quiz and
      title slides ask questions; textlint's default is false).
    - `allow` (list of str, default []): words that may contain the marks, e.g. `Yahoo!`.
    """
    pattern = _marks_pattern(bool(ctx.option("allow-halfwidth-exclamation", False)),
                             bool(ctx.option("allow-fullwidth-exclamation", False)),
                             bool(ctx.option("allow-halfwidth-question", False)),
                             bool(ctx.option("allow-fullwidth-question", True)))
    allow = tuple(ctx.option("allow", []) or ())
    for block, start, end, m in prose_of(deck, ctx.cache).matches(pattern):
        if allow and _allowed(block.text, start, end, allow):
            continue
        yield Finding(block.span(start, end), f"「{m.group(0)}」を使わない表現にしてください",
                      block.slide)


def _allowed(text: str, start: int, end: int, allow: tuple[str, ...]) -> bool:
    for word in allow:
        at = text.find(word, max(0, start - len(word)))
        if 0 <= at <= start and at + len(word) >= end:
            return True
    return False


_SLIP = re.compile(  # starts with the letter so the scan only stops at Latin letters
    f"[A-Za-z](?:(?<=[{KATA}][A-Z])(?=[{KATA}{KANJI}])"   # アクセJ制御, ファイLル
    f"|(?<=[{JP}][a-z])(?=[{JP}]))")                       # こnにちは, リイrース


@rule("DK722", "unnatural-alphabet", Severity.WARNING, tags=TAGS,
      aliases=("ja-unnatural-alphabet",), options={"allow": []})
def unnatural_alphabet(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Finds a single Latin letter inside a Japanese word - the trace of an IME slip such as
    「アクセJ制御」 or 「こnにちは」: an upper-case letter between katakana and katakana/kanji,
    or a lower-case letter between any two Japanese characters.

    ## Why is this bad?
    The reader sees a typo in a key term, and search and terminology checks miss the word.

    ## Example
    ```markdown
    - Lake FormationでアクセJ制御
    ```

    ## Use instead
    ```markdown
    - Lake Formationでアクセス制御
    ```

    ## Options
    - `allow` (list of str, default []): words to accept, e.g. `タイプA型`.

    ## Known problems
    Without a morphological analyser a label glued to a katakana word and a kanji suffix
    (「タイプA型」) looks like a slip; list it in `allow`. Labels before kana
    (「モデルAが」) are not reported.
    """
    allow = tuple(ctx.option("allow", []) or ())
    for block, start, end, m in prose_of(deck, ctx.cache).matches(_SLIP):
        if allow and _allowed(block.text, start, end, allow):
            continue
        word = re.search(f"[{JP}]*{m.group(0)}[{JP}]*", block.text[max(0, start - 8):end + 8])
        shown = word.group(0) if word else m.group(0)
        yield Finding(block.span(start, end),
                      f"日本語の語中に英字「{m.group(0)}」があります（入力ミス?）:「{shown}」",
                      block.slide)


PAIRS = {"「": "」", "『": "』", "（": "）", "(": ")", "［": "］", "[": "]", "【": "】",
         "〔": "〕", "｛": "｝", "{": "}", "“": "”", "‘": "’", "〈": "〉", "《": "》"}
CLOSERS = {v: k for k, v in PAIRS.items()}
_BRACKETS_OR_END = re.compile("[" + re.escape("".join(PAIRS) + "".join(CLOSERS)) + '"\x1f]')
# "1)" "a)" "2）" list enumerators close nothing
_ENUMERATOR = re.compile(r"(?:^|(?<=[\s　、。:：=]))[0-9A-Za-z]{1,2}[)）]")


@rule("DK723", "unmatched-pair", Severity.ERROR, tags=TAGS, aliases=("no-unmatched-pair",))
def unmatched_pair(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Finds an opening bracket or quote without its closing partner (and the reverse) within
    one list item, paragraph, heading, table cell or note line: 「」『』（）()［］[]【】〔〕｛｝{}
    “”‘’〈〉《》 and straight double quotes.

    ## Why is this bad?
    The reader cannot tell where the aside or quotation ends; often text was lost in an edit.

    ## Example
    ```markdown
    - Online Store（DynamoDB: ms応答 + Offline Store
    ```

    ## Use instead
    ```markdown
    - Online Store（DynamoDB: ms応答）+ Offline Store
    ```

    ## Known problems
    List enumerators such as 「1)」「a)」 at the start of a phrase are not closing brackets
    (unless an opening bracket is waiting for them).
    """
    prose = prose_of(deck, ctx.cache)
    for offset, message in _unmatched(prose.text):
        block, start = prose.locate(offset)
        yield Finding(block.span(start, start + 1), message, block.slide)


def _unmatched(text: str) -> Iterator[tuple[int, str]]:
    """(offset, message) of each unpaired bracket in the deck's prose; a pair never reaches
    across blocks (BLOCK_END)."""
    enumerators = {m.end() - 1 for m in _ENUMERATOR.finditer(text)}
    stack: list[tuple[int, str]] = []
    quotes: list[int] = []
    for m in _BRACKETS_OR_END.finditer(text):
        char, at = m.group(0), m.start()
        if char == "\x1f":  # end of a block: report what is still open
            yield from _left_open(stack, quotes)
            stack, quotes = [], []
        elif char == '"':
            quotes.append(at)
        elif char in PAIRS:
            stack.append((at, char))
        elif stack and stack[-1][1] == CLOSERS[char]:
            stack.pop()
        elif at in enumerators:  # "1)" closes nothing unless its opener is open
            continue
        elif any(c == CLOSERS[char] for _, c in stack):
            while stack[-1][1] != CLOSERS[char]:
                at_open, opener = stack.pop()
                yield at_open, f"「{opener}」に対応する「{PAIRS[opener]}」がありません"
            stack.pop()
        else:
            yield at, f"「{char}」に対応する「{CLOSERS[char]}」がありません"
    yield from _left_open(stack, quotes)


def _left_open(stack: list[tuple[int, str]], quotes: list[int]) -> Iterator[tuple[int, str]]:
    for at, opener in stack:
        yield at, f"「{opener}」に対応する「{PAIRS[opener]}」がありません"
    if len(quotes) % 2:
        yield quotes[-1], '「"」に対応する「"」がありません'


@lru_cache(maxsize=4)
def _spacing_pattern(always: bool) -> re.Pattern:
    if always:  # the empty boundary where a space is missing
        return re.compile(f"(?<=[A-Za-z0-9])(?=[{JP}])|(?<=[{JP}])(?=[A-Za-z0-9])")
    return re.compile(f"(?<=[A-Za-z0-9])[ \u00a0]+(?=[{JP}])|(?<=[{JP}])[ \u00a0]+(?=[A-Za-z0-9])")


@rule("DK731", "space-between-half-and-full-width", Severity.WARNING, tags=TAGS, fixable=True,
      aliases=("ja-space-between-half-and-full-width",), options={"space": "never"})
def space_between_half_and_full_width(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Checks the space between half-width letters/digits and Japanese characters in slide text
    and notes: `space: never` (default, as textlint-rule-preset-ja-spacing) reports a space,
    `space: always` reports a missing one. Punctuation, code spans and URLs are not checked.

    ## Why is this bad?
    Mixed spacing (「SageMaker Studio が」 next to 「SageMaker Experimentsと」) looks careless
    on a slide; pick one style per deck.

    ## Example
    ```markdown
    - SageMaker Studio がエンドツーエンドの管理ポイント
    ```

    ## Use instead
    ```markdown
    - SageMaker Studioがエンドツーエンドの管理ポイント
    ```

    ## Options
    - `space` (`"never"` | `"always"`, default `"never"`).

    ## Fix safety
    Safe: only spaces are removed or inserted.
    """
    always = str(ctx.option("space", "never")).lower() == "always"
    hits = []
    for block, start, end, _ in prose_of(deck, ctx.cache).matches(_spacing_pattern(always)):
        hits.append((block.span(start, end), block.slide))
    fixes = fixed_lines(deck, [(s.line, s.col, (s.end_col or s.col), " " if always else "")
                               for s, _ in hits])
    message = "半角文字と全角文字の間にスペースを入れてください" if always else \
        "半角文字と全角文字の間にスペースを入れないでください"
    for span, slide in hits:
        yield Finding(span, message, slide, Fix(span.line, span.line, fixes[span.line]))
