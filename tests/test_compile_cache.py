"""The compile cache (mlops_deck/compile_cache.py): what it replays must be what CPython
would have compiled, and the CLI must say the same with it, without it, and with a broken
file. Each run that installs it is a subprocess: installing patches the interpreter."""
from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mlops_deck.compile_cache import FORMAT, KEEP_SAVES, CompileCache

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "deck" / "mlops-guide.md"

pytestmark = pytest.mark.skipif(not hasattr(re, "_compiler"),
                                reason="the cache needs CPython 3.11+'s re._compiler")


def _env(cache_home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home), **extra)
    env.pop("MLOPS_DECK_COMPILE_CACHE", None)
    env.update(extra)
    return env


def _lint(cache_home: Path, **extra: str) -> subprocess.CompletedProcess:
    """`mlops-deck lint` of the deck through the console entry point (which installs it)."""
    return subprocess.run(
        [sys.executable, "-m", "mlops_deck", "lint", "--no-cache", "--format", "json",
         str(DECK)], cwd=ROOT, env=_env(cache_home, **extra), capture_output=True,
        text=True, timeout=120)


def _cache_files(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "mlops-deck").glob("compiled-*.marshal"))


def _stats(cache_home: Path, code: str) -> dict:
    """Run ``code`` in a fresh interpreter with the cache installed; it prints JSON."""
    script = ("import json\nfrom mlops_deck.compile_cache import install\n"
              "cache = install('lint')\n" + code)
    done = subprocess.run([sys.executable, "-c", script], env=_env(cache_home),
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A cache home filled by one lint of the deck, and that lint's result."""
    home = tmp_path_factory.mktemp("cache-home")
    return home, _lint(home)


def test_lint_reports_the_same_with_a_cold_a_warm_and_no_cache(warm, tmp_path):
    home, first = warm
    assert [f.name.split("-")[1] for f in _cache_files(home)] == ["lint"]  # one per command
    again = _lint(home)
    off = _lint(tmp_path, MLOPS_DECK_COMPILE_CACHE="0")
    assert first.returncode == again.returncode == off.returncode == 1  # the deck's DK501s
    assert json.loads(first.stdout) == json.loads(again.stdout) == json.loads(off.stdout)
    assert not _cache_files(tmp_path)  # off means no file either


def test_a_warm_process_replays_instead_of_compiling(warm):
    home, _ = warm
    stats = _stats(home, (
        "from mlops_deck.parse import load_deck\n"
        "from mlops_deck.lint.registry import all_rules\n"
        "from pathlib import Path\n"
        f"all_rules(); load_deck(Path({str(DECK)!r}))\n"
        "print(json.dumps({'used': len(cache.used), 'new': cache.new}))"))
    assert stats["used"] > 300  # the rules', the parser's, YAML's, linkify's...
    assert stats["new"] <= 2  # markdown-it's set-ordered terminator class may differ


def test_every_recorded_program_is_the_one_cpython_compiles(warm):
    import _sre

    home, _ = warm
    data = marshal.loads(_cache_files(home)[0].read_bytes())
    assert data["format"] == FORMAT and len(data["regex"]) > 300
    for (pattern, flags), args in data["regex"].items():
        fresh = re.compile(pattern, flags)  # this process has no cache installed
        replayed = _sre.compile(pattern, *args)
        # Pattern equality compares flags, the compiled program and the pattern itself
        assert replayed == fresh, pattern
        assert (replayed.groups, dict(replayed.groupindex)) == (fresh.groups,
                                                                 dict(fresh.groupindex))


SUMMARY = """
import json, marshal
def summary(code):
    return [code.co_code.hex(), code.co_flags, code.co_names, code.co_varnames,
            code.co_argcount, code.co_kwonlyargcount, code.co_filename, code.co_name,
            [summary(c) if hasattr(c, "co_code") else repr(c) for c in code.co_consts]]
from mlops_deck.model import Deck, Slide, Span
from mlops_deck.diagnostics import Diagnostic
from mlops_deck.lint.registry import Rule
methods = {}
for cls in (Deck, Slide, Span, Diagnostic, Rule):
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__",
                 "__lt__", "__ge__"):
        fn = cls.__dict__.get(name)
        fn = getattr(fn, "__wrapped__", fn)
        if hasattr(fn, "__code__"):
            methods[f"{cls.__name__}.{name}"] = summary(fn.__code__)
"""


def test_methods_from_kept_code_are_the_ones_dataclasses_compiles(warm):
    """Generated methods' code, field by field: from the warm cache and with none."""
    home, _ = warm
    with_cache = _stats(home, SUMMARY + (
        "print(json.dumps({'methods': methods, 'hits': sum(isinstance(k, str) "
        "for k in cache.used)}))"))
    without = subprocess.run(
        [sys.executable, "-c", SUMMARY + "print(json.dumps({'methods': methods}))"],
        env=_env(home, MLOPS_DECK_COMPILE_CACHE="0"), capture_output=True, text=True,
        check=True)
    assert with_cache["hits"] > 20  # these classes' methods did come from the file
    assert with_cache["methods"] == json.loads(without.stdout)["methods"]
    assert len(with_cache["methods"]) >= 20


def test_dataclasses_built_with_the_cache_behave(warm):
    home, _ = warm
    code = (
        "import dataclasses\n"
        "@dataclasses.dataclass(frozen=True, slots=True, order=True)\n"
        "class P:\n"
        "    x: int\n"
        "    y: str = 'a'\n"
        "p = P(1)\n"
        "try:\n"
        "    p.x = 2\n"
        "    frozen = False\n"
        "except dataclasses.FrozenInstanceError:\n"
        "    frozen = True\n"
        "print(json.dumps({'repr': repr(p), 'eq': P(1) == p, 'lt': P(0) < p, 'frozen': frozen,\n"
        "    'hash': hash(P(1)) == hash(p), 'ann': str(P.__init__.__annotations__)}))")
    with_cache = _stats(home, code)
    without = subprocess.run([sys.executable, "-c", "import json\n" + code],
                             env=_env(home, MLOPS_DECK_COMPILE_CACHE="0"),
                             capture_output=True, text=True, check=True)
    assert with_cache == json.loads(without.stdout)
    assert with_cache["frozen"] and with_cache["eq"] and with_cache["lt"] and with_cache["hash"]
    assert "int" in with_cache["ann"]  # evaluated annotations, as without the cache


def test_a_broken_cache_file_is_ignored_and_replaced(warm, tmp_path):
    home, first = warm
    broken_home = tmp_path / "home"
    target = broken_home / "mlops-deck" / _cache_files(home)[0].name
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\x00not marshal at all")
    done = _lint(broken_home)
    assert done.returncode == first.returncode and done.stderr == ""
    assert json.loads(done.stdout) == json.loads(first.stdout)
    assert marshal.loads(target.read_bytes())["format"] == FORMAT  # rewritten whole


def test_a_refused_program_is_compiled_anew(tmp_path):
    """A readable file with a program _sre rejects: the pattern still compiles right."""
    path = Path(_stats(tmp_path, "print(json.dumps({'path': str(cache.path)}))")["path"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(marshal.dumps({"format": FORMAT, "generation": 1, "used": {}, "exec": {},
                                    "regex": {("ab+c", 0): (32, [1, 2, 3], 0, {}, (None,))}}))
    result = _stats(tmp_path, (
        "import re\n"
        "m = re.compile('ab+c').search('xxabbbc')\n"
        "print(json.dumps({'match': m.group(0),\n"
        "                  'replaced': cache.regex[('ab+c', 0)][1] != [1, 2, 3]}))"))
    assert result == {"match": "abbbc", "replaced": True}


def test_threads_compiling_at_once_record_their_own_programs(tmp_path):
    code = (
        "import re, threading\n"
        "pats = [f'(?P<g{i}>[\\u3040-\\u30ff]{{{i}}})x{i}' for i in range(1, 40)]\n"
        "def work(chunk):\n"
        "    for p in chunk: re.compile(p)\n"
        "ts = [threading.Thread(target=work, args=(pats[i::4],)) for i in range(4)]\n"
        "[t.start() for t in ts]; [t.join() for t in ts]\n"
        "cache.missed = 1.0  # force the save at exit\n"
        "print(json.dumps({'n': sum(1 for k in cache.regex if k[0] in pats)}))")
    assert _stats(tmp_path, code) == {"n": 39}
    data = marshal.loads(_cache_files(tmp_path)[0].read_bytes())
    import _sre
    for (pattern, flags), args in data["regex"].items():
        assert _sre.compile(pattern, *args) == re.compile(pattern, flags)


def test_entries_no_saving_run_uses_leave_after_a_few_saves(tmp_path):
    """The file keeps what recent runs used, not everything any run ever compiled."""
    path = tmp_path / "compiled.marshal"

    def saving_run(key: tuple) -> CompileCache:
        cache = CompileCache(path)
        cache.regex[key] = (32, [1], 0, {}, (None,))
        cache.used.add(key)
        cache.new, cache.missed = 1, 1.0
        cache.save()
        return CompileCache(path)

    assert ("old", 0) in saving_run(("old", 0)).regex
    for n in range(KEEP_SAVES - 1):
        assert ("old", 0) in saving_run((f"new{n}", 0)).regex
    after = saving_run(("last", 0))
    assert ("old", 0) not in after.regex
    assert {("new0", 0), ("last", 0)} <= set(after.regex) and after.generation == KEEP_SAVES + 1


def test_a_kept_method_that_is_not_code_is_compiled_not_run(tmp_path):
    """The exec table holds code objects; anything else in it is compiled from the source
    dataclasses asked for, never executed as found."""
    path = Path(_stats(tmp_path, "print(json.dumps({'path': str(cache.path)}))")["path"])
    path.parent.mkdir(parents=True, exist_ok=True)
    probe = (
        "import dataclasses\n"
        "@dataclasses.dataclass(frozen=True)\n"
        "class Q:\n"
        "    x: int\n")
    first = _stats(tmp_path, probe + "print(json.dumps({'sources': [s for s in cache.exec "
                                       "if 'Q' in s or 'x' in s]}))")
    data = marshal.loads(path.read_bytes()) if path.exists() else {
        "format": FORMAT, "generation": 1, "used": {}, "regex": {}, "exec": {}}
    sources = first["sources"] or ["never"]
    data["exec"].update({s: "raise SystemExit('ran the cached text')" for s in sources})
    path.write_bytes(marshal.dumps(data))
    assert _stats(tmp_path, probe + "print(json.dumps({'x': Q(3).x}))") == {"x": 3}
