"""Numbers the deck states about its subjects, and when they contradict each other (DK812)
or the canonical values of facts.yml (DK807).

A *claim* is a number with a unit (%, 倍, durations, sizes, counters such as 種類) in a
slide's text or notes, tied to
- a *subject*: the first subject named in the same clause (clauses end at 、。→ and line
  ends), else the slide title's only subject (unless the clause names an acronym or
  CamelCase product the dictionary does not know); no subject, no claim;
- an *aspect*: the nearest aspect word of the clause (削減, 高速化, ペイロード, タイムアウト,
  メモリ ...; configurable), or the counter itself for counts; no aspect, no claim.
Two claims compare only when subject, aspect and kind of unit agree. Qualifiers count:
「最大70%」 and 「最大90%」 contradict, 「99%以上」 and 「99.6%」 do not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ...model import Deck
from ..registry import RuleContext
from .japanese_text import Block, prose_of
from .study_facts import Subjects, subjects_for

ASPECTS = {
    "コスト削減": "削減", "削減": "削減", "割引": "削減", "節約": "削減",
    "高速化": "高速化", "高速": "高速化", "増加": "増加", "向上": "向上",
    "ペイロード": "ペイロード", "タイムアウト": "タイムアウト", "処理時間": "処理時間",
    "メモリ": "メモリ", "コールドスタート": "コールドスタート", "同時実行": "同時実行",
    "保持期間": "保持期間", "可用性": "可用性", "レイテンシ": "レイテンシ",
}
UNITS = {  # unit -> (dimension, factor to the dimension's base unit)
    "%": ("%", 1), "％": ("%", 1), "倍": ("倍", 1),
    "ms": ("時間", 0.001), "ミリ秒": ("時間", 0.001), "秒": ("時間", 1), "分": ("時間", 60),
    "時間": ("時間", 3600), "日": ("時間", 86400), "週間": ("時間", 604800),
    "ヶ月": ("時間", 2592000), "か月": ("時間", 2592000), "カ月": ("時間", 2592000),
    "KB": ("サイズ", 1 / 1024), "MB": ("サイズ", 1), "GB": ("サイズ", 1024), "TB": ("サイズ", 1048576),
    "種類": ("種類", 1), "種": ("種類", 1), "個": ("個", 1), "件": ("件", 1), "台": ("台", 1),
    "ノード": ("ノード", 1), "段階": ("段階", 1),
}
COUNTERS = {"種類", "個", "件", "台", "ノード", "段階"}
_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_NUMBER = re.compile(
    r"(?P<pre>最大|最高|最小|最低|約|およそ|上限)?[ 　]?"
    r"(?<![A-Za-z0-9.=/:_\-])(?P<a>\d+(?:\.\d+)?)[ 　]?(?:(?P<unit1>" + _UNIT + r")[ 　]?)?"
    r"(?:[〜~～][ 　]?(?P<b>\d+(?:\.\d+)?)[ 　]?)?(?P<unit>" + _UNIT + r")"
    r"(?![A-Za-z]|の[0-9０-９一二三四五六七八九十])"  # 「2分の1」 is a fraction
    r"(?P<post>以上|以下|未満|超|まで|程度|前後)?")
# an acronym or CamelCase product name the dictionary does not know: the clause is about
# something else, so the slide title's subject is not borrowed
_OTHER_NAME = re.compile(r"(?<![A-Za-z0-9])(?<!\d )(?!(?:KB|MB|GB|TB|PB|ms)(?![A-Za-z]))"
                         r"(?:[A-Z]{2,}|[A-Z][a-z]+[A-Z][A-Za-z]*)(?![a-z])")
_CLAUSE_END = re.compile(r"[、。，,；;→\n\x1f]")
UPPER = {"最大", "最高", "上限", "以下", "未満", "まで"}
LOWER = {"最小", "最低", "以上", "超"}
APPROX = {"約", "およそ", "程度", "前後"}


@dataclass(frozen=True, slots=True)
class Claim:
    subject: str
    aspect: str
    dimension: str
    low: float  # the value in the dimension's base unit (a range's lower end)
    high: float
    bound: str  # "exact" | "upper" | "lower" | "approx" | "range"
    text: str  # as written
    block: Block | None
    start: int  # offset in the block

    @property
    def key(self) -> tuple[str, str, str]:
        return self.subject, self.aspect, self.dimension


def parse_quantity(text: str) -> tuple[str, float, float, str] | None:
    """(dimension, low, high, bound) of the first quantity in ``text`` (e.g. 「最大90%」)."""
    m = _NUMBER.search(text)
    return _quantity(m) if m else None


def _quantity(m: re.Match) -> tuple[str, float, float, str] | None:
    dimension, factor = UNITS[m.group("unit")]
    if m.group("unit1") and UNITS[m.group("unit1")][0] != dimension:
        return None
    low = float(m.group("a")) * factor
    if m.group("unit") == "年" or (dimension == "時間" and low > 1e9):
        return None
    high = float(m.group("b")) * factor if m.group("b") else low
    qualifier = {m.group("pre"), m.group("post")} - {None}
    bound = ("range" if m.group("b") else "upper" if qualifier & UPPER else
             "lower" if qualifier & LOWER else "approx" if qualifier & APPROX else "exact")
    return dimension, low, high, bound


def compatible(a: Claim, b: Claim) -> bool:
    """Whether two statements of the same quantity can both be true."""
    lo_a, hi_a = _interval(a)
    lo_b, hi_b = _interval(b)
    if a.bound == b.bound and a.bound in ("upper", "lower", "exact", "range"):
        return abs(a.low - b.low) < 1e-9 and abs(a.high - b.high) < 1e-9
    return lo_a <= hi_b and lo_b <= hi_a


def _interval(c: Claim) -> tuple[float, float]:
    if c.bound == "upper":
        return float("-inf"), c.high
    if c.bound == "lower":
        return c.low, float("inf")
    if c.bound == "approx":
        return c.low * 0.9, c.high * 1.1
    return c.low, c.high


def claims_of(deck: Deck, ctx: RuleContext) -> list[Claim]:
    """Every claim in the deck's slide text and notes (memoised per run)."""
    key = ("study.claims", str(deck.path))
    if key in ctx.cache:
        return ctx.cache[key]
    subjects = subjects_for(deck, ctx)
    claims: list[Claim] = []
    if subjects.pattern is not None:
        claims = list(_claims(deck, ctx, subjects))
    ctx.cache[key] = claims
    return claims


def _claims(deck: Deck, ctx: RuleContext, subjects: Subjects) -> Iterator[Claim]:
    prose = prose_of(deck, ctx.cache)
    aspects = aspects_option(ctx)
    aspect_re = re.compile("|".join(re.escape(a) for a in sorted(aspects, key=len, reverse=True)))
    titles = {s.index: {name for _, name in subjects.find(s.title or "")} for s in deck.slides}
    for m in _NUMBER.finditer(prose.text):
        quantity = _quantity(m)
        if quantity is None:
            continue
        dimension, low, high, bound = quantity
        block, start = prose.locate(m.start())
        lo, hi = _clause(block.text, start, start + m.end() - m.start())
        named = subjects.find(block.text, lo, hi)
        if named:
            subject = named[0][1]
        elif len(titles.get(block.slide, ())) == 1 and not _OTHER_NAME.search(block.text, lo, hi):
            subject = next(iter(titles[block.slide]))
        else:
            continue
        if dimension in COUNTERS or dimension == "種類":
            aspect = dimension
        else:
            aspect = _nearest_aspect(aspect_re, aspects, block.text, lo, hi, start)
            if aspect is None:
                continue
        yield Claim(subject, aspect, dimension, low, high, bound, m.group(0).strip(), block, start)


def aspects_option(ctx: RuleContext) -> dict[str, str]:
    """The `aspects` option (word -> aspect); the defaults when unset or not a mapping."""
    value = ctx.option("aspects", None)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) and value \
        else dict(ASPECTS)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    after = _CLAUSE_END.search(text, end)
    return lo, after.start() if after else len(text)


def _nearest_aspect(aspect_re: re.Pattern, aspects: dict[str, str], text: str, lo: int, hi: int,
                    at: int) -> str | None:
    best = None
    for m in aspect_re.finditer(text, lo, hi):
        distance = at - m.end() if m.end() <= at else m.start() - at
        if best is None or abs(distance) < best[0]:
            best = (abs(distance), aspects[m.group(0)])
    return best[1] if best else None
