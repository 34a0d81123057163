"""Keep what CPython compiles afresh in every process in a file between runs, as
``__pycache__`` keeps module bytecode: regular expression programs and the methods
:mod:`dataclasses` generates from source text.

Why: a cold ``mlops-deck lint`` compiles ~390 regular expressions (ours, PyYAML's,
linkify-it's, markdown-it's; the CJK character classes among them make the compiler walk
every code point of their ranges) and generates ~230 dataclass methods with ``exec``. That
was a fifth of the process's CPU time, every run, for the same results.

How, without re-implementing either:

* regex: ``re._compiler.compile(pattern, flags)`` parses and compiles, then hands the
  program to ``_sre.compile(pattern, flags, code, groups, groupindex, indexgroup)``. A
  stand-in for ``_sre`` inside ``re._compiler`` records those arguments; a later process
  with the same pattern and flags passes them to ``_sre.compile`` directly (which checks
  a program before accepting it).
* dataclasses: ``dataclasses`` builds each method with ``exec(source, globals, ns)``. A
  module-level ``exec`` in ``dataclasses`` compiles that source as ``exec`` would (filename
  ``<string>``, no inherited ``__future__`` flags) and keeps the code object (``marshal``,
  the format of ``.pyc`` files).

Entries are keyed by their exact input (pattern, flags; method source), the file by the
interpreter build, the regex engine's ``MAGIC`` and the Unicode database version. Only
installed where CPython's internals are as described (3.11+), never when
``MLOPS_DECK_COMPILE_CACHE=0``. The file is rewritten atomically at exit when the run
compiled something new, under ``$XDG_CACHE_HOME/mlops-deck`` (default ``~/.cache``); a file
that doesn't load is ignored. Any failure here just means compiling as usual.
"""
from __future__ import annotations

import atexit
import builtins
import marshal
import os
import sys
import threading
from pathlib import Path
from time import perf_counter
from typing import Any

FORMAT = 2
KEEP_SAVES = 4  # an entry no saving run used in this many saves is dropped
# Rewriting the file (~0.5 MB) costs a few ms: worth it only when this run's misses cost
# more. Some patterns are built from a set (markdown-it's inline terminators), so their
# text changes with every process's hash seed: they miss every time, and cheaply.
SAVE_AFTER_SECONDS = 0.002
ENV = "MLOPS_DECK_COMPILE_CACHE"
_CODE = type(compile("", "<string>", "exec"))


class CompileCache:
    """The two tables (``regex``: (pattern, flags) -> ``_sre.compile`` arguments;
    ``exec``: source -> code object) and what this process added to them."""

    def __init__(self, path: Path):
        self.path = path
        self.regex: dict[tuple, tuple] = {}
        self.exec: dict[str, Any] = {}
        self.generation = 0  # saves so far
        self.last_used: dict[Any, int] = {}  # entry key -> the save that last used it
        self.new = 0
        self.missed = 0.0  # seconds spent compiling what the file didn't have
        self.used: set = set()
        self._pending = threading.local()  # the regex being compiled on this thread
        self._load()

    def _load(self) -> None:
        try:
            data = marshal.loads(self.path.read_bytes())  # not marshal.load(file): 20x slower
            if data["format"] == FORMAT:
                self.regex, self.exec = dict(data["regex"]), dict(data["exec"])
                self.generation, self.last_used = int(data["generation"]), dict(data["used"])
        except Exception:  # noqa: BLE001 - missing, truncated or foreign: start empty
            self.regex, self.exec, self.generation, self.last_used = {}, {}, 0, {}

    def save(self) -> None:
        if not self.new or self.missed < SAVE_AFTER_SECONDS:
            return
        generation = self.generation + 1
        last_used = {**self.last_used, **dict.fromkeys(self.used, generation)}

        def recent(key) -> bool:  # entries of other runs stay a while, then go
            return last_used.get(key, 0) > generation - KEEP_SAVES
        regex = {k: v for k, v in self.regex.items() if recent(k)}
        code = {k: v for k, v in self.exec.items() if recent(k)}
        used = {k: last_used[k] for k in (*regex, *code)}
        temp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            data = marshal.dumps({"format": FORMAT, "generation": generation, "used": used,
                                  "regex": regex, "exec": code})
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(data)
            os.replace(temp, self.path)
        except (OSError, ValueError):  # read-only home, or a value marshal refuses:
            try:                       # the next run compiles again
                temp.unlink(missing_ok=True)
            except OSError:
                pass

    # --- regular expressions ---------------------------------------------------------

    def regex_compile(self, original, sre):
        """A replacement for ``re._compiler.compile`` replaying recorded programs."""
        import re
        debug = re.DEBUG  # prints the program while compiling: always compile

        def compile(p, flags=0):  # noqa: A001 - the name re._compiler calls
            if type(p) not in (str, bytes) or flags & debug:
                return original(p, flags)
            key = (p, int(flags))
            args = self.regex.get(key)
            if args is not None:
                try:
                    pattern = sre.compile(p, *args)
                except Exception:  # noqa: BLE001 - a program _sre refuses: compile anew
                    self.regex.pop(key, None)
                else:
                    self.used.add(key)
                    return pattern
            self._pending.key = key
            start = perf_counter()
            try:
                return original(p, flags)
            finally:
                self._pending.key = None
                self.missed += perf_counter() - start

        return compile

    def record(self, pattern, flags, code, groups, groupindex, indexgroup) -> None:
        key = getattr(self._pending, "key", None)
        if key is None or key[0] is not pattern:
            return
        self.regex[key] = (int(flags), [int(c) for c in code], int(groups),
                           {str(k): int(v) for k, v in groupindex.items()}, tuple(indexgroup))
        self.used.add(key)
        self.new += 1

    # --- dataclass methods -----------------------------------------------------------

    def exec_(self, source, globals=None, locals=None, /):  # noqa: A002 - exec's own names
        """``exec`` for :mod:`dataclasses`: the same, with the compiled source kept."""
        if globals is None:  # as exec: the caller's namespaces
            frame = sys._getframe(1)
            globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
        if type(source) is str:
            code = self.exec.get(source)
            if type(code) is not _CODE:  # missing (or not code at all: never run that)
                start = perf_counter()
                code = builtins.compile(source, "<string>", "exec", dont_inherit=True)
                self.missed += perf_counter() - start
                self.exec[source] = code
                self.new += 1
            self.used.add(source)
            source = code
        return builtins.exec(source, globals, locals)


class _SreRecorder:
    """Stands in for the ``_sre`` module inside ``re._compiler``: records each program."""

    def __init__(self, sre, cache: CompileCache):
        self._sre, self._cache = sre, cache

    def __getattr__(self, name: str):
        return getattr(self._sre, name)

    def compile(self, pattern, flags, code, groups, groupindex, indexgroup):
        self._cache.record(pattern, flags, code, groups, groupindex, indexgroup)
        return self._sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


def cache_file(command: str = "") -> Path:
    """One file per command (a lint needs a third of what a build compiles) and interpreter."""
    import re
    import unicodedata
    import zlib

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    build = zlib.crc32(sys.version.encode())
    magic = getattr(re._constants, "MAGIC", 0)
    name = "".join(c for c in command if c.isalnum()) or "other"
    return Path(base, "mlops-deck", f"compiled-{name}-{sys.implementation.cache_tag}-{magic}-"
                f"{unicodedata.unidata_version}-{build:08x}.marshal")


def install(command: str = "") -> CompileCache | None:
    """Install both caches for this process (idempotent); None where unsupported or off.
    ``command`` names the file (see :func:`cache_file`)."""
    if os.environ.get(ENV, "1") == "0" or sys.implementation.name != "cpython":
        return None
    try:
        import dataclasses
        import re._compiler as compiler
        import _sre
    except ImportError:  # before 3.11 the compiler was sre_compile: not supported
        return None
    current = getattr(compiler, "_sre", None)
    if isinstance(current, _SreRecorder):
        return current._cache
    if current is not _sre or "exec" in vars(dataclasses) or not callable(compiler.compile):
        return None  # internals not as expected: leave them alone
    cache = CompileCache(cache_file(command))
    compiler.compile = cache.regex_compile(compiler.compile, _sre)
    compiler._sre = _SreRecorder(_sre, cache)
    dataclasses.exec = cache.exec_
    atexit.register(cache.save)
    return cache
