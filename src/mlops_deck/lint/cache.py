"""The lint cache: `.mlops-deck-cache/lint/<hash of the deck path>.json`, one file per deck.

An entry is valid when its key matches: a content hash of the deck text, the config
fingerprint, the tool version and the stat signature of the installed package's source
files (so editing a rule invalidates it), and when every asset the deck referenced still
has the content hash recorded (a missing asset is recorded as missing). Rules also read
files the deck does not name (terms.yml/facts.yml near the deck, unused SVGs next to the
used ones): the (name, mtime, size) of those folders' files is part of the entry too. Writes go to a
temporary file renamed into place, so concurrent runs never see half an entry. Only
results without internal errors are stored.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable

from .. import __version__
from ..diagnostics import Diagnostic, Severity
from ..hashing import blake2b
from ..model import Span
from .registry import Fix
from .runner import LintResult

CACHE_DIR = ".mlops-deck-cache"
PACKAGE = Path(__file__).resolve().parents[1]
FORMAT = 1


def _hash(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def file_hash(path: Path) -> str | None:
    try:
        return _hash(path.read_bytes())
    except IsADirectoryError:
        return "directory"
    except OSError:
        return None


NOT_LINT = ("render", "cli", "templates", "__pycache__")  # never read by lint rules


def tool_signature() -> str:
    """Version plus (name, mtime, size) of every package source lint may run (so editing a
    rule, the parser or a helper invalidates the cache; the renderer and CLI don't)."""
    parts = [__version__, str(FORMAT)]
    for current, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d not in NOT_LINT)
        for name in sorted(files):
            if name.endswith((".py", ".css", ".json", ".yml", ".yaml")) and not (
                    current == str(PACKAGE) and name.startswith(("preview", "build", "exports"))):
                stat = os.stat(os.path.join(current, name))
                parts.append(f"{current}/{name}:{stat.st_mtime_ns}:{stat.st_size}")
    return _hash("\n".join(parts).encode())


class LintCache:
    def __init__(self, project_root: Path):
        self.folder = Path(project_root) / CACHE_DIR / "lint"
        self._tool: str | None = None

    def key(self, path: Path, text: str, config_fingerprint: str) -> str:
        if self._tool is None:
            self._tool = tool_signature()
        return _hash("\0".join([self._tool, config_fingerprint, str(path), text]).encode())

    def _entry_path(self, path: Path) -> Path:
        return self.folder / f"{_hash(str(Path(path).resolve()).encode())}.json"

    def load(self, path: Path, key: str) -> LintResult | None:
        try:
            entry = json.loads(self._entry_path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        if any(file_hash(Path(p)) != h for p, h in entry.get("assets", {}).items()):
            return None
        watch = entry.get("watch") or {}
        if folders_signature(watch.get("flat", []), watch.get("deep", [])) != watch.get("sig"):
            return None
        try:
            return _result_from(entry["diagnostics"], entry.get("fixes", []))
        except (KeyError, TypeError, ValueError):
            return None  # an entry from another format: lint again

    def store(self, path: Path, key: str, assets: Iterable[Path], result: LintResult) -> None:
        if result.internal_errors:
            return
        assets = sorted(set(assets))
        flat, deep = watched_folders(path, self.folder.parent.parent, assets)
        entry = {"key": key, "assets": {str(a): file_hash(a) for a in assets},
                 "watch": {"flat": flat, "deep": deep, "sig": folders_signature(flat, deep)},
                 "diagnostics": [_diag_to(d) for d in result.diagnostics],
                 "fixes": [[i, _fix_to(result.fixes[d])]
                           for i, d in enumerate(result.diagnostics) if d in result.fixes]}
        try:
            self._init_folder()
            atomic_write(self._entry_path(path), json.dumps(entry, ensure_ascii=False))
        except OSError:
            pass  # a read-only checkout still lints; it just doesn't cache

    def _init_folder(self) -> None:
        top = self.folder.parent
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
            (top / ".gitignore").write_text("*\n", encoding="utf-8")
            (top / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# This file marks mlops-deck's cache; backup tools may skip it.\n",
                encoding="utf-8")


DATA_SUFFIXES = (".yml", ".yaml", ".json", ".toml")


def watched_folders(deck: Path, root: Path, assets: list[Path]) -> tuple[list[str], list[str]]:
    """Folders whose files rules may read without the deck naming them: data files next to
    the deck and in every folder up to the project root (terms.yml, facts.yml: flat), and
    the folders of the deck's images, whole (unused-asset checks: deep)."""
    root, folder = root.resolve(), deck.resolve().parent
    flat = [folder]
    while folder != root and root in folder.parents:
        folder = folder.parent
        flat.append(folder)
    deep = sorted({a.resolve().parent for a in set(assets)})
    return [str(f) for f in flat], [str(d) for d in deep]


def folders_signature(flat: list[str], deep: list[str]) -> str:
    """(name, mtime, size) of the data files in ``flat`` and every file under ``deep``."""
    parts: list[str] = []
    for folder in flat:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            parts.append(f"{folder}:missing")
            continue
        parts += [_stat_line(e.path) for e in entries
                  if e.name.endswith(DATA_SUFFIXES) and e.is_file()]
    for folder in deep:
        for current, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            parts += [_stat_line(os.path.join(current, f)) for f in sorted(files)]
        parts.append(f"{folder}:{os.path.isdir(folder)}")
    return _hash("\n".join(parts).encode())


def _stat_line(path: str) -> str:
    try:
        stat = os.stat(path)
    except OSError:
        return f"{path}:gone"
    return f"{path}:{stat.st_mtime_ns}:{stat.st_size}"


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file next to ``path`` and rename it into place.

    A path that exists but is not a regular file (/dev/null, /dev/stdout, a FIFO) is
    written in place: renaming over it would replace the device with a plain file."""
    if path.exists() and not path.is_file():
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        return
    import tempfile  # only when writing: keeps random/shutil out of a cached run

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _diag_to(d: Diagnostic) -> list[Any]:
    s = d.span
    return [str(d.path), s.line, s.col, s.end_line, s.end_col, d.rule_id, d.rule_name,
            int(d.severity), d.message, d.slide]


def _fix_to(f: Fix) -> list[Any]:
    return [f.line, f.end_line, f.text]


def _result_from(rows: list, fixes: list) -> LintResult:
    diags = tuple(Diagnostic(Path(r[0]), Span(r[1], r[2], r[3], r[4]), r[5], r[6],
                             Severity(r[7]), r[8], r[9]) for r in rows)
    return LintResult(diags, (), {diags[i]: Fix(*f) for i, f in fixes})
