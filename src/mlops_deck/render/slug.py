"""Heading ids exactly as marp-core writes them: ``MLOpsとは何か？`` -> ``mlops%E3%81%A8…``.

marp-core's slugifier: trim, lower-case, whitespace runs -> ``-``, drop ASCII punctuation
and a list of CJK punctuation, drop leading dashes (or else trailing ones: one pass), then
``encodeURI``. Ids are unique per deck: the slide ids (``1``, ``2``…) are taken first, and a
repeat gets ``-1``, ``-2``…
"""
from __future__ import annotations

import re
from urllib.parse import quote

_PUNCT = re.compile("[" + re.escape("][!/'\"#$%&()*+,./:;<=>?@\\^{|}~`")
                    + "。，、；：？！…—·ˉ¨‘’“”々～‖∶＂＇｀｜〃〔〕〈〉《》「」『』．〖〗【】（）［］｛｝]")
_EDGE_DASHES = re.compile(r"^-+|-+$")
_ENCODE_URI_SAFE = ";,/?:@&=+$-_.!~*'()#"


def slugify(text: str) -> str:
    slug = _PUNCT.sub("", re.sub(r"\s+", "-", text.strip().lower()))
    slug = _EDGE_DASHES.sub("", slug, count=1)
    return quote(slug, safe=_ENCODE_URI_SAFE)


class Slugger:
    """Unique ids within one deck (slide numbers count as taken)."""

    def __init__(self, slide_count: int = 0) -> None:
        self.seen: dict[str, int] = {str(n): 0 for n in range(1, slide_count + 1)}

    def slug(self, text: str) -> str:
        base = slugify(text)
        count = self.seen[base] + 1 if base in self.seen else 0
        self.seen[base] = count
        return f"{base}-{count}" if count else base
