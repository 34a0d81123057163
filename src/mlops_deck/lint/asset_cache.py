"""Per-file results of the asset rules, kept on disk by content hash.

The SVG rules memoise what they learn about one file (its fonts, its rendering, its
contrast…) in ``RuleContext.cache[ASSET_RESULTS_KEY]``: ``{sha256 of the file: {analysis
name: JSON result}}``. Those results depend only on the file's bytes, the installed fonts
and the rule code, so they outlive any one deck: this store loads them before a lint and
saves the new ones after, under ``.mlops-deck-cache/assets/<tool signature>/``. Editing a
deck then re-checks its text without re-rendering the diagrams it didn't touch.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from ..hashing import sha256
from .cache import CACHE_DIR, atomic_write, tool_signature

ASSET_RESULTS_KEY = "svg.results"
_SIGNATURE: list[str] = []


def _signature() -> str:
    if not _SIGNATURE:
        _SIGNATURE.append(tool_signature())
    return _SIGNATURE[0]


class AssetResults:
    """``persist=False`` (``lint --no-cache``): results live in memory only, the folder is
    neither read nor written."""

    def __init__(self, project_root: Path, persist: bool = True):
        self.persist = persist
        self.folder = Path(project_root) / CACHE_DIR / "assets" / (
            _signature() if persist else "unused")
        self.results: dict[str, dict] = {}
        # sha -> the analyses on disk: rules only ever add analyses (svg_common.memo sets
        # each name once), so an entry whose names are unchanged needs no writing
        self._saved: dict[str, frozenset[str]] = {}

    def load(self, files: Iterable[Path]) -> dict[str, dict]:
        """Results for these files (those on disk); the mapping to hand to the rules."""
        for path in files if self.persist else ():
            try:
                sha = sha256(Path(path).read_bytes()).hexdigest()
            except OSError:
                continue
            if sha in self.results:
                continue
            try:
                text = (self.folder / f"{sha}.json").read_text(encoding="utf-8")
                entry = json.loads(text)
            except (OSError, ValueError):
                continue
            if isinstance(entry, dict):
                self.results[sha] = entry
                self._saved[sha] = frozenset(entry)
        return self.results

    def save(self) -> None:
        """Write every entry that is new or grew during the lint (best effort)."""
        for sha, entry in self.results.items() if self.persist else ():
            if not isinstance(entry, dict) or self._saved.get(sha) == frozenset(entry):
                continue
            try:
                text = json.dumps(entry, ensure_ascii=False, sort_keys=True)
            except (TypeError, ValueError):
                continue  # not JSON after all: keep it in memory only
            try:
                atomic_write(self.folder / f"{sha}.json", text)
                self._saved[sha] = frozenset(entry)
            except OSError:
                return  # read-only checkout: lint still works, just slower
