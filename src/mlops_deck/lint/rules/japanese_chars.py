"""DK7xx character rules: invisible and mis-normalised characters (the whole source) and
character classes a Japanese technical text should not use (slide prose and speaker notes).

Each rule is one precompiled regex over the deck's text; none loops over characters in
Python. Ports of textlint-rule-preset-ja-technical-writing rules carry its names as aliases.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Callable, Iterator

from ...diagnostics import Severity
from ...model import Deck, Span
from ..registry import Finding, Fix, RuleContext, rule
from .japanese_text import fixed_lines, line_starts, prose_of, source_position

TAGS = ("japanese",)


def _source_chars(deck: Deck, ctx: RuleContext) -> frozenset[str]:
    hit = ctx.cache.get("japanese_chars.chars")
    if hit is None or hit[0] is not deck:
        hit = ctx.cache["japanese_chars.chars"] = (deck, frozenset(deck.source))
    return hit[1]


def _char_range(first: str, last: str) -> str:
    return "".join(map(chr, range(ord(first), ord(last) + 1)))


def _source_findings(deck: Deck, ctx: RuleContext, pattern: re.Pattern[str],
                     message: Callable[[str], str], repair: Callable[[str], str],
                     triggers: str) -> Iterator[Finding]:
    """Findings for ``pattern`` over the whole source, each with a whole-line fix.
    ``triggers``: characters every match contains one of; a source with none of them is
    not scanned (a set lookup is much cheaper than these regexes over the whole deck)."""
    if _source_chars(deck, ctx).isdisjoint(triggers):
        return
    starts = line_starts(deck, ctx.cache)
    hits = []
    for m in pattern.finditer(deck.source):
        line, col = source_position(starts, m.start())
        hits.append((line, col, col + len(m.group(0)), m.group(0)))
    fixes = fixed_lines(deck, [(ln, c, e, repair(t)) for ln, c, e, t in hits])
    for line, col, end, text in hits:
        yield Finding(_span(line, col, end), message(text), _slide_of(deck, line),
                      Fix(line, line, fixes[line]))


def _prose_findings(deck: Deck, ctx: RuleContext, pattern: re.Pattern[str],
                    message: Callable[[str], str],
                    repair: Callable[[str], str] | None = None) -> Iterator[Finding]:
    """Findings for ``pattern`` over slide prose and notes; a fix when ``repair`` is given."""
    hits = []
    for block, start, end, m in prose_of(deck, ctx.cache).matches(pattern):
        span = block.span(start, end)
        hits.append((span, block.slide, m.group(0)))
    fixes = {}
    if repair is not None:
        fixes = fixed_lines(deck, [(s.line, s.col, s.col + len(t), repair(t))
                                   for s, _, t in hits if s.end_line == s.line])
    for span, slide, text in hits:
        fix = Fix(span.line, span.line, fixes[span.line]) if span.line in fixes else None
        yield Finding(span, message(text), slide, fix)


def _span(line: int, col: int, end: int) -> Span:
    return Span(line, col, line, end)


def _slide_of(deck: Deck, line: int) -> int | None:
    for slide in deck.slides:
        if slide.span.line <= line <= (slide.span.end_line or slide.span.line):
            return slide.index
    return None


def _codepoints(text: str) -> str:
    return " ".join(f"U+{ord(c):04X}" for c in text)


_NFD = re.compile(r"[\u3041-\u30ff][\u3099\u309a]|[A-Za-z][\u0300-\u036f]+")
_NFD_MARKS = "\u3099\u309a" + _char_range("\u0300", "\u036f")


@rule("DK713", "nfd-kana", Severity.ERROR, tags=TAGS, fixable=True, aliases=("no-nfd",))
def nfd_kana(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Finds text written in Unicode NFD: a base kana followed by a combining (han)dakuten
    (U+3099/U+309A), as macOS file names and some copy-paste paths produce, and Latin
    letters followed by combining accents (「Café」 as C-a-f-e-U+0301).

    ## Why is this bad?
    「ガ」 as two code points looks identical but breaks search, prh terminology checks and
    font shaping in the PDF.

    ## Example
    ```markdown
    - データのハ゜イフ゜ライン
    ```

    ## Use instead
    ```markdown
    - データのパイプライン
    ```

    ## Fix safety
    Safe: NFC composition changes code points, never the rendered text.
    """
    yield from _source_findings(
        deck, ctx, _NFD, lambda t: f"結合文字 (NFD) で書かれています:「{unicodedata.normalize('NFC', t)}」",
        lambda t: unicodedata.normalize("NFC", t), _NFD_MARKS)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n|\Z)")
_CONTROL_CHARS = (_char_range("\x00", "\x08") + "\x0b\x0c" + _char_range("\x0e", "\x1f")
                  + _char_range("\x7f", "\x9f") + "\r")


@rule("DK714", "control-character", Severity.ERROR, tags=TAGS, fixable=True,
      aliases=("no-invalid-control-character",))
def control_character(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Finds control characters other than tab and line ends (C0, DEL and C1), anywhere in the
    source.

    ## Why is this bad?
    They are invisible in editors, render as tofu or nothing, and break YAML and code.

    ## Example
    ```markdown
    - 学習\u0008ジョブ
    ```

    ## Use instead
    ```markdown
    - 学習ジョブ
    ```

    ## Fix safety
    Safe: the character is deleted.
    """
    yield from _source_findings(deck, ctx, _CONTROL,
                                lambda t: f"制御文字 {_codepoints(t)} があります", lambda t: "",
                                _CONTROL_CHARS)


_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060]|(?<!\A)\ufeff")


@rule("DK715", "zero-width-space", Severity.ERROR, tags=TAGS, fixable=True,
      aliases=("no-zero-width-spaces",))
def zero_width_space(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Finds zero-width characters (U+200B/200C/200D, U+2060, and U+FEFF after the first
    character) anywhere in the source.

    ## Why is this bad?
    They are invisible, split words for search and terminology checks, and can stop Marp
    from recognising markup.

    ## Example
    ```markdown
    - Model\u200bMonitor
    ```

    ## Use instead
    ```markdown
    - Model Monitor
    ```

    ## Fix safety
    Safe: the character is deleted.
    """
    yield from _source_findings(deck, ctx, _ZERO_WIDTH,
                                lambda t: f"ゼロ幅文字 {_codepoints(t)} があります", lambda t: "",
                                "\u200b\u200c\u200d\u2060\ufeff")


_HANKAKU_KANA = re.compile(r"[\uff61-\uff9f]+")


@rule("DK717", "halfwidth-kana", Severity.ERROR, tags=TAGS, fixable=True,
      aliases=("no-hankaku-kana",))
def halfwidth_kana(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Finds half-width katakana (U+FF61-FF9F) in slide text and speaker notes.

    ## Why is this bad?
    Half-width kana is a legacy encoding artefact; it renders narrow and inconsistent next to
    normal katakana and defeats terminology checks.

    ## Example
    ```markdown
    - ﾓﾃﾞﾙのﾃﾞﾌﾟﾛｲ
    ```

    ## Use instead
    ```markdown
    - モデルのデプロイ
    ```

    ## Fix safety
    Safe: NFKC turns the run into full-width katakana (voiced marks are composed).
    """
    yield from _prose_findings(
        deck, ctx, _HANKAKU_KANA,
        lambda t: f"半角カタカナ「{t}」→「{unicodedata.normalize('NFKC', t)}」",
        lambda t: unicodedata.normalize("NFKC", t))


_FULLWIDTH_ALNUM = re.compile(r"[Ａ-Ｚａ-ｚ０-９]+")


@rule("DK724", "fullwidth-alphanumeric", Severity.WARNING, tags=TAGS, fixable=True,
      aliases=("no-mixed-zenkaku-and-hankaku-alphabet",))
def fullwidth_alphanumeric(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Finds full-width Latin letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９) in slide text and notes.

    ## Why is this bad?
    JTF style and AWS documentation write service names and numbers in half-width; mixing
    widths makes 「Ｓ３」 and 「S3」 two different words for search and for readers.

    ## Example
    ```markdown
    - Ａｍａｚｏｎ Ｓ３ に保存
    ```

    ## Use instead
    ```markdown
    - Amazon S3 に保存
    ```

    ## Fix safety
    Safe: NFKC maps each character to its half-width form.
    """
    yield from _prose_findings(
        deck, ctx, _FULLWIDTH_ALNUM,
        lambda t: f"全角英数字「{t}」→「{unicodedata.normalize('NFKC', t)}」",
        lambda t: unicodedata.normalize("NFKC", t))


_DOUBLED = re.compile(r"([、。，．])[、。，．]+")


@rule("DK725", "doubled-punctuation", Severity.WARNING, tags=TAGS, fixable=True)
def doubled_punctuation(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Finds runs of Japanese punctuation such as 「、、」「。。」「、。」 in slide text and notes.

    ## Why is this bad?
    A doubled 読点 or 句点 is a typing slip; readers stumble on it.

    ## Example
    ```markdown
    - 学習、、評価、デプロイ
    ```

    ## Use instead
    ```markdown
    - 学習、評価、デプロイ
    ```

    ## Fix safety
    Safe when the run repeats one mark (it becomes one mark); a mixed run such as 「、。」 has
    no fix, because which mark was meant needs judgement.
    """
    hits = []
    for block, start, end, m in prose_of(deck, ctx.cache).matches(_DOUBLED):
        hits.append((block.span(start, end), block.slide, m.group(0)))
    same = [(s, t) for s, _, t in hits if len(set(t)) == 1]
    fixes = fixed_lines(deck, [(s.line, s.col, s.col + len(t), t[0]) for s, t in same])
    for span, slide, text in hits:
        fix = Fix(span.line, span.line, fixes[span.line]) if len(set(text)) == 1 else None
        yield Finding(span, f"句読点が重なっています「{text}」", slide, fix)
