"""A small content-addressed disk cache for the slow, pure steps of rendering (sanitising
an SVG, highlighting a code block, subsetting a font), so a cold build process with a warm
``.mlops-deck-cache/`` only reads files.

Keys are hashes of everything the result depends on, including the source of the code
that computes it: changing the sanitiser or the highlighter invalidates its entries.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def code_version(*files: str) -> str:
    """A digest of source files (the code that produces a cached value)."""
    digest = hashlib.sha256()
    for file in files:
        try:
            digest.update(Path(file).read_bytes())
        except OSError:
            digest.update(file.encode())
    return digest.hexdigest()[:16]


def key_of(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:40]


class DiskCache:
    """``get``/``put`` bytes under ``<root>/<kind>/<key>``; ``root=None`` caches nothing."""

    def __init__(self, root: Path | None):
        self.root = root

    def get(self, kind: str, key: str) -> bytes | None:
        if self.root is None:
            return None
        try:
            return (self.root / kind / key).read_bytes()
        except OSError:
            return None

    def put(self, kind: str, key: str, data: bytes) -> None:
        if self.root is None:
            return
        path = self.root / kind / key
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{key}.{os.getpid()}.tmp")
            temp.write_bytes(data)
            temp.replace(path)  # a concurrent build never reads half a file
        except OSError:
            pass  # a read-only project still builds, just without the cache
