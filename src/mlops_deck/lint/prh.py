"""A prh-compatible terminology dictionary (https://github.com/prh/prh, ``prh.schema.json``).

The YAML format, as prh defines it::

    version: 1
    imports:                                # merged after this file's own rules
      - other.yml                           # a path relative to this file, or
      - path: more.yml                      # a mapping with options:
        disableImports: true                #   do not follow its imports
        ignoreRules: [/a/, {expected: B}]   #   drop some of its rules
    rules:
      - Cookie                              # = expected: Cookie, pattern generated from it
      - expected: jQuery                    # generated pattern: case- and width-insensitive
        specs: [{from: jquery, to: jQuery}] #   per letter ([Jjｊ...]); specs run at load
      - expected: デフォルト
        pattern: ディフォルト                # a literal string ...
      - expected: ハードウェア
        patterns: [ハードウエアー, ハードウエア] # ... or several (`pattern` wins over `patterns`)
      - expected: （$1）
        pattern: /\\(([^)]+)\\)/             # ... or a JS regex `/source/flags`; $n in expected
      - expected: ソフトウェア
        pattern: /(日経)?ソフトウエア/
        regexpMustEmpty: $1                 # skip matches where group 1 matched
      - expected: js
        options: {wordBoundary: true}       # wrap the pattern in \\b...\\b

Faithful to prh: a rule whose replacement equals the matched text reports nothing; when two
dictionaries define the same ``expected`` the first one loaded wins; ``specs`` are checked
when the dictionary loads and a failing spec makes the dictionary invalid. JS regex syntax is
translated to Python's (named groups, ``\\u{...}``; ``\\b \\w \\d`` stay ASCII as in JS).
Deliberate differences: a generated pattern escapes the non-alphanumeric characters of
``expected`` (prh leaves ``.`` in ``Node.js`` as "any character"), and with ``wordBoundary``
it judges word boundaries on width-folded text, so 「ｓ３」 counts as a word like 「s3」.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from .prh_regex import (DOLLAR, compile_pattern, expand, fold_case, fold_width,
                        group_text, ignored_by, js_to_python, required_literals,
                        spread_alphanumeric)

__all__ = ["PrhDictionary", "PrhError", "PrhRule", "fold_case", "fold_width", "js_to_python",
           "load_prh", "parse_prh", "spread_alphanumeric"]


class PrhError(ValueError):
    """An invalid dictionary; the message is one line, starting with ``file:line:``."""


@dataclass(frozen=True, slots=True)
class PrhRule:
    expected: str
    pattern: re.Pattern[str]
    must_empty: int | None = None  # regexpMustEmpty group number
    specs: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()  # the pattern strings as written (empty: generated)
    note: str | None = None  # prh's free `prh:` message for tools
    where: str = ""  # "file:line" of the rule, for messages
    fold: bool = False  # generated pattern: matched against the width-folded text
    triggers: tuple[str, ...] | None = None  # one of these (fold_case-d) must occur to match

    def changes(self, text: str, folded: str | None = None) -> Iterator[tuple[int, int, str]]:
        """(start, end, replacement) for every match whose replacement differs.
        ``folded`` is ``fold_case(text)`` when the caller has it already."""
        target = text
        if self.fold:
            target = folded if folded is not None else fold_case(text)
        for m in self.pattern.finditer(target):
            if m.end() == m.start():
                continue
            if self.must_empty is not None and group_text(m, self.must_empty):
                continue
            replacement = expand(self.expected, m)
            if replacement != text[m.start():m.end()]:
                yield m.start(), m.end(), replacement

    def apply(self, text: str) -> str:
        return _apply(text, sorted(self.changes(text)))

    @property
    def literal(self) -> bool:
        """True when ``expected`` is plain text (no ``$n`` references)."""
        return not DOLLAR.search(self.expected)


@dataclass(frozen=True, slots=True)
class PrhDictionary:
    rules: tuple[PrhRule, ...]
    paths: tuple[Path, ...] = ()  # every file read (imports included)
    version: int = 1

    def changes(self, text: str) -> list[tuple[int, int, str, PrhRule]]:
        """Non-overlapping changes over ``text``, leftmost first (a longer match wins a
        tie, then the rule loaded first)."""
        folded = fold_case(text)  # also the text of the literal pre-check that skips scans
        precheck = len(text.lower()) == len(text)  # else fold_case fell back to ASCII only
        found = [(s, -(e - s), i, e, r, rule) for i, rule in enumerate(self.rules)
                 if not precheck or rule.triggers is None or any(t in folded for t in rule.triggers)
                 for s, e, r in rule.changes(text, folded)]
        chosen, last_end = [], -1
        for start, _, _, end, replacement, rule in sorted(found, key=lambda f: f[:3]):
            if start >= last_end:
                chosen.append((start, end, replacement, rule))
                last_end = end
        return chosen

    def apply(self, text: str) -> str:
        return _apply(text, [(s, e, r) for s, e, r, _ in self.changes(text)])


def load_prh(path: str | Path) -> PrhDictionary:
    """Load a dictionary file and its imports. Raises :class:`PrhError` when it is invalid.
    Loaded dictionaries are kept per process until one of their files changes."""
    path = Path(path).resolve()
    hit = _LOADED.get(path)
    if hit is not None and all(_mtime(p) == m for p, m in hit[1]):
        return hit[0]
    rules: list[PrhRule] = []
    paths: list[Path] = []
    version = _load_into(path, rules, paths, follow=True, ignore=(), seen=set())
    dictionary = PrhDictionary(tuple(rules), tuple(paths), version)
    _LOADED[path] = (dictionary, tuple((p, _mtime(p)) for p in paths))
    return dictionary


_LOADED: dict[Path, tuple[PrhDictionary, tuple[tuple[Path, int], ...]]] = {}


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def parse_prh(text: str, path: str | Path = "prh.yml") -> PrhDictionary:
    """Parse dictionary text (imports resolved relative to ``path``)."""
    rules: list[PrhRule] = []
    paths: list[Path] = []
    version = _load_text(text, Path(path), rules, paths, True, (), set())
    return PrhDictionary(tuple(rules), tuple(paths), version)


def _load_into(path: Path, rules: list[PrhRule], paths: list[Path], follow: bool,
               ignore: tuple, seen: set[Path]) -> int:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PrhError(f"{path}:1: cannot read prh dictionary: {exc}") from None
    return _load_text(text, path, rules, paths, follow, ignore, seen)


def _load_text(text: str, path: Path, rules: list[PrhRule], paths: list[Path], follow: bool,
               ignore: tuple, seen: set[Path]) -> int:
    if path in seen:
        return 1  # an import cycle: the file is already merged
    seen.add(path)
    paths.append(path)
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
        lines = _rule_lines(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        raise PrhError(f"{path}:{line}: invalid YAML in prh dictionary") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PrhError(f"{path}:1: a prh dictionary is a mapping (version, imports, rules)")
    version = _version(data, path)
    known = {r.expected for r in rules}
    for index, raw in enumerate(_as_list(data.get("rules"), path, "rules")):
        where = f"{path}:{lines[index] if index < len(lines) else 1}"
        rule = _rule(raw, where)
        if rule.expected in known or ignored_by(ignore, rule.expected, rule.sources):
            continue  # prh's merge: the first `expected` wins
        rules.append(rule)
        known.add(rule.expected)
    if follow:
        for item in _as_list(data.get("imports"), path, "imports"):
            spec = {"path": item} if isinstance(item, str) else item
            if not isinstance(spec, dict) or not isinstance(spec.get("path"), str):
                raise PrhError(f"{path}:1: an import is a path or a mapping with `path`")
            target = (path.parent / spec["path"]).resolve()
            sub_ignore = tuple(spec.get("ignoreRules") or ())
            sub_version = _load_into(target, rules, paths, not spec.get("disableImports"),
                                     sub_ignore, seen)
            if sub_version != version:
                raise PrhError(f"{path}:1: version mismatch with import {spec['path']}")
    return version


def _version(data: dict, path: Path) -> int:
    version = data.get("version", 1)
    if version not in (1, "1"):
        raise PrhError(f"{path}:1: unsupported prh dictionary version {version!r} (expected 1)")
    return 1


def _as_list(value: Any, path: Path, key: str) -> list:
    if value is None:
        return []
    if isinstance(value, (str, dict)):
        return [value]
    if not isinstance(value, list):
        raise PrhError(f"{path}:1: `{key}` must be a list")
    return value


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: 10x faster
_ITEM = re.compile(r"^([ \t]*)- ", re.M)


def _rule_lines(text: str) -> list[int]:
    """1-based line of each item of the top-level `rules` list (for messages; a cheap scan,
    not a second YAML parse)."""
    m = re.search(r"^rules:[ \t]*(?:#.*)?$", text, re.M)
    if not m:
        return []
    end = re.compile(r"^[A-Za-z_]", re.M).search(text, m.end())
    body = text[m.end():end.start() if end else len(text)]
    items = list(_ITEM.finditer(body))
    if not items:
        return []
    indent = items[0].group(1)
    first = text.count("\n", 0, m.end()) + 1
    return [first + body.count("\n", 0, i.start()) for i in items if i.group(1) == indent]


def _rule(raw: Any, where: str) -> PrhRule:
    if isinstance(raw, str):
        raw = {"expected": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("expected"), (str, int, float)):
        raise PrhError(f"{where}: a rule needs `expected` (a string)")
    expected = str(raw["expected"])
    options = raw.get("options") or {}
    boundary = bool(isinstance(options, dict) and options.get("wordBoundary"))
    patterns = raw.get("pattern") if raw.get("pattern") is not None else raw.get("patterns")
    sources = tuple(str(p) for p in (patterns if isinstance(patterns, list) else
                                     [] if patterns is None else [patterns]))
    if patterns is not None and not sources or any(s == "" for s in sources):
        raise PrhError(f"{where}: empty pattern for {expected!r}")
    try:
        pattern = compile_pattern(sources, expected, boundary)
    except re.error as exc:
        raise PrhError(f"{where}: invalid pattern for {expected!r}: {exc}") from None
    must_empty = _must_empty(raw.get("regexpMustEmpty"), where, expected)
    specs = tuple((str(s.get("from", "")), str(s.get("to", "")))
                  for s in (raw.get("specs") or []) if isinstance(s, dict))
    note = raw.get("prh") if isinstance(raw.get("prh"), str) else None
    rule = PrhRule(expected, pattern, must_empty, specs, sources, note, where, not sources,
                   required_literals(sources, expected))
    for source, want in specs:
        got = rule.apply(source)
        if got != want:
            raise PrhError(f"{where}: spec failed for {expected!r}: {source!r} became "
                           f"{got!r}, expected {want!r}")
    return rule


def _must_empty(value: Any, where: str, expected: str) -> int | None:
    if value is None:
        return None
    m = re.fullmatch(r"\$(\d+)", str(value))
    if not m:
        raise PrhError(f"{where}: regexpMustEmpty of {expected!r} must look like $1")
    return int(m.group(1))


def _apply(text: str, changes: list[tuple[int, int, str]]) -> str:
    out, pos = [], 0
    for start, end, replacement in changes:
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(replacement)
        pos = end
    out.append(text[pos:])
    return "".join(out)
