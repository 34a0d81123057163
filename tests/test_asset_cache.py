"""The SVG rules' per-file results on disk (lint/asset_cache.py): loaded by content hash,
written when an entry is new or gained an analysis, left alone otherwise."""
from __future__ import annotations

import json
import os

from mlops_deck.hashing import sha256
from mlops_deck.lint.asset_cache import AssetResults


def _svg(tmp_path, name: str, body: str):
    path = tmp_path / name
    path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{body}</svg>')
    return path, sha256(path.read_bytes()).hexdigest()


def test_entries_are_written_when_new_or_grown_and_only_then(tmp_path):
    svg, sha = _svg(tmp_path, "a.svg", "<rect/>")
    first = AssetResults(tmp_path)
    results = first.load([svg])
    assert results == {}
    results[sha] = {"fonts": ["Lato"]}
    first.save()
    entry = first.folder / f"{sha}.json"
    assert json.loads(entry.read_text()) == {"fonts": ["Lato"]}

    os.utime(entry, ns=(1, 1))  # a rewrite would move the mtime on
    second = AssetResults(tmp_path)
    assert second.load([svg]) == {sha: {"fonts": ["Lato"]}}
    second.save()
    assert entry.stat().st_mtime_ns == 1  # nothing new: not rewritten

    second.results[sha]["contrast"] = 4.8  # a rule memoised another analysis
    second.save()
    assert entry.stat().st_mtime_ns != 1
    assert json.loads(entry.read_text()) == {"contrast": 4.8, "fonts": ["Lato"]}


def test_no_persist_neither_reads_nor_writes(tmp_path):
    svg, sha = _svg(tmp_path, "b.svg", "<circle/>")
    stored = AssetResults(tmp_path)
    stored.load([svg])
    stored.results[sha] = {"fonts": []}
    stored.save()
    memory_only = AssetResults(tmp_path, persist=False)
    assert memory_only.load([svg]) == {}
    memory_only.results[sha] = {"fonts": [], "size": 1}
    memory_only.save()
    assert json.loads((stored.folder / f"{sha}.json").read_text()) == {"fonts": []}
