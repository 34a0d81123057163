"""GitHub-style heading ids, as Marp writes them: ``MLOpsとは何か？`` -> ``mlops%E3%81%A8…``.

Marp lower-cases the text, drops every character that is not a letter, a number, a
combining mark, a space, ``-`` or ``_`` (github-slugger), turns spaces into ``-`` and
percent-encodes the result. A repeated slug in the same deck gets ``-1``, ``-2``…
"""
from __future__ import annotations

import unicodedata
from urllib.parse import quote

_KEEP = {" ", "-", "_"}


def slugify(text: str) -> str:
    kept = "".join(ch for ch in text.lower()
                   if ch in _KEEP or unicodedata.category(ch)[0] in "LNM")
    return kept.replace(" ", "-")


class Slugger:
    """Unique slugs within one document (one deck), percent-encoded like encodeURIComponent."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        base = slugify(text)
        slug = base
        while slug in self.seen:
            self.seen[base] += 1
            slug = f"{base}-{self.seen[base]}"
        self.seen[slug] = 0
        return quote(slug, safe="-_.!~*'()")
