"""Lint configuration: ``[tool.mlops-deck.lint]`` in ``pyproject.toml`` or ``lint:`` in
``.mlops-deck.yml``. The nearest file wins (no merging, like ruff); unknown keys, unknown
rule selectors and bad option values are :class:`ConfigError` with ``file:line``.

Schema (TOML shown; the YAML file has the same keys under ``lint:``)::

    [tool.mlops-deck.lint]
    select = ["DK"]                 # ids, names or prefixes (DK3); default: every rule
    extend-select = []              # added to select
    ignore = ["DK105", "duplicate-slide-title"]
    fail-on = "error"               # or "warning"
    severity = { DK301 = "error", notes-missing = "off" }
    per-file-ignores = { "deck/drafts/*.md" = ["DK4"] }
    exclude = ["tests/fixtures/**"]   # never linted unless named on the command line
    [tool.mlops-deck.lint.DK303]    # per-rule options, by id or name
    max-lines = 12
"""
from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from ..diagnostics import Severity
from ..hashing import blake2b
from .config_load import ConfigError, RawConfig, find_config, read_config
from .registry import Rule


def _hash(text: str) -> str:
    return blake2b(text.encode(), digest_size=16).hexdigest()

__all__ = ["ConfigError", "LintConfig", "load_config", "matches"]

TOP_KEYS = ("select", "extend-select", "ignore", "fail-on", "severity", "per-file-ignores",
            "exclude")
SEVERITIES = ("error", "warning", "info", "off")


def matches(selector: str, rule_: Rule) -> bool:
    """True when ``selector`` (id, name, alias, id prefix such as ``DK3``, or ``ALL``)
    names ``rule_``."""
    sel = selector.strip()
    if sel.upper() in ("ALL", "DK") or sel.upper() == rule_.id:
        return True
    if sel == rule_.name or sel in rule_.aliases:
        return True
    upper = sel.upper()
    return upper.startswith("DK") and upper[2:].isdigit() and rule_.id.startswith(upper)


@dataclass(frozen=True)
class LintConfig:
    """The resolved lint settings for the decks under one config file."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.ERROR
    severity: Mapping[str, str] = field(default_factory=dict)  # rule id -> level or "off"
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # rule id -> opts
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()  # globs of decks folder walks and SVG lookups skip
    base: Path = Path(".")  # folder per-file-ignores and exclude patterns are relative to
    source: Path | None = None  # the file this came from

    def rules_for(self, path: Path, rules: Mapping[str, Rule]) -> list[Rule]:
        """The rules to run on ``path``, in id order."""
        ignored = self.ignore + self.ignores_for(path)
        chosen = []
        for rule_ in rules.values():
            selected = (self.select is None or any(matches(s, rule_) for s in self.select)
                        or any(matches(s, rule_) for s in self.extend_select))
            if not selected or any(matches(s, rule_) for s in ignored):
                continue
            if self.severity.get(rule_.id) == "off":
                continue
            chosen.append(rule_)
        return sorted(chosen, key=lambda r: r.id)

    def ignores_for(self, path: Path) -> tuple[str, ...]:
        rel = _relative(path, self.base)
        found: list[str] = []
        for pattern, selectors in self.per_file_ignores:
            if fnmatch.fnmatch(rel, pattern) or ("/" not in pattern
                                                  and fnmatch.fnmatch(Path(rel).name, pattern)):
                found += selectors
        return tuple(found)

    def severity_of(self, rule_: Rule) -> Severity | None:
        level = self.severity.get(rule_.id)
        return Severity.parse(level) if level and level != "off" else None

    def options_for(self, rule_: Rule) -> dict[str, Any]:
        return {**rule_.options, **self.options.get(rule_.id, {})}

    def with_cli(self, select: tuple[str, ...] = (), ignore: tuple[str, ...] = (),
                 fail_on: Severity | None = None) -> "LintConfig":
        """Command-line ``--select`` replaces the configured selection; ``--ignore`` adds."""
        return replace(self, select=tuple(select) or self.select, extend_select=(
            () if select else self.extend_select), ignore=self.ignore + tuple(ignore),
            fail_on=fail_on or self.fail_on)

    def fingerprint(self) -> str:
        """A stable hash of every setting that changes lint results (for the cache)."""
        data = [self.select, self.extend_select, self.ignore, sorted(self.severity.items()),
                sorted((k, sorted(v.items())) for k, v in self.options.items()),
                self.per_file_ignores, str(self.base)]
        text = json.dumps(data, sort_keys=True, default=str)
        return _hash(text)


def _relative(path: Path, base: Path) -> str:
    try:
        return Path(path).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def load_config(root: Path, explicit: Path | None = None) -> LintConfig:
    """The config that applies under ``root``: ``explicit`` if given, else the nearest
    ``.mlops-deck.yml`` or ``pyproject.toml`` with a lint table, searching upwards from
    ``root`` to the repository top. No file: the defaults (every rule)."""
    raw = read_config(explicit) if explicit else find_config(Path(root))
    if raw is None:
        return LintConfig(base=Path(root) if Path(root).is_dir() else Path(root).parent)
    return from_raw(raw)


def from_raw(raw: RawConfig) -> LintConfig:
    from .registry import all_rules

    rules = all_rules()
    table = raw.table
    for key in table:
        if key not in TOP_KEYS and _rule_named(key, rules) is None:
            raise raw.error(f"unknown key '{key}' (expected one of {', '.join(TOP_KEYS)}, "
                            "or a rule id or name holding its options)", key)
    fail_on = str(table.get("fail-on", "error"))
    if fail_on not in ("error", "warning", "info"):
        raise raw.error(f"fail-on must be 'error' or 'warning', not '{fail_on}'", "fail-on")
    return LintConfig(
        select=_selectors(raw, "select", rules) if "select" in table else None,
        extend_select=_selectors(raw, "extend-select", rules),
        ignore=_selectors(raw, "ignore", rules),
        fail_on=Severity.parse(fail_on),
        severity=_severities(raw, rules),
        options=_options(raw, rules),
        per_file_ignores=_per_file(raw, rules), exclude=exclude_globs(raw),
        base=raw.path.parent, source=raw.path)


def exclude_globs(raw: RawConfig) -> tuple[str, ...]:
    """The ``exclude`` globs (checked here: discovery reads them before rules are loaded)."""
    value = raw.table.get("exclude", [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise raw.error("'exclude' must be a list of glob patterns", "exclude")
    return tuple(value)


def is_excluded(path: Path, globs: tuple[str, ...], base: Path) -> bool:
    rel = _relative(path, base)
    return any(fnmatch.fnmatch(rel, g) for g in globs)


def raw_fingerprint(raw: RawConfig | None) -> str:
    """A hash of the config file's lint table as written: enough to key the cache without
    loading the rules (a cached result only exists for a config that validated)."""
    data = [str(raw.path), raw.table] if raw else None
    text = json.dumps(data, sort_keys=True, default=str)
    return _hash(text)


def _rule_named(key: str, rules: Mapping[str, Rule]) -> Rule | None:
    for rule_ in rules.values():
        if key.upper() == rule_.id or key == rule_.name or key in rule_.aliases:
            return rule_
    return None


def _selector_list(raw: RawConfig, value: Any, key: str, rules,
                   within: str | None = None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise raw.error(f"'{key}' must be a list of rule ids, names or prefixes", key, within)
    for sel in value:
        if not any(matches(sel, r) for r in rules.values()):
            raise raw.error(f"'{key}': no rule matches '{sel}' (see `mlops-deck rules`)", key,
                            within)
    return tuple(value)


def _selectors(raw: RawConfig, key: str, rules) -> tuple[str, ...]:
    return _selector_list(raw, raw.table.get(key, []), key, rules)


def _severities(raw: RawConfig, rules) -> dict[str, str]:
    table = raw.table.get("severity", {})
    if not isinstance(table, dict):
        raise raw.error("'severity' must be a table of rule = level", "severity")
    out: dict[str, str] = {}
    for sel, level in table.items():
        if str(level) not in SEVERITIES:
            raise raw.error(f"severity of '{sel}' must be one of {', '.join(SEVERITIES)}, "
                            f"not '{level}'", sel, within="severity")
        hit = [r for r in rules.values() if matches(sel, r)]
        if not hit:
            raise raw.error(f"severity: no rule matches '{sel}'", sel, within="severity")
        out.update({r.id: str(level) for r in hit})
    return out


def _per_file(raw: RawConfig, rules) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = raw.table.get("per-file-ignores", {})
    if not isinstance(table, dict):
        raise raw.error("'per-file-ignores' must be a table of glob = [rules]", "per-file-ignores")
    return tuple((str(glob), _selector_list(raw, sels, glob, rules, "per-file-ignores"))
                 for glob, sels in table.items())


def _options(raw: RawConfig, rules) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key, value in raw.table.items():
        rule_ = None if key in TOP_KEYS else _rule_named(key, rules)
        if rule_ is None:
            continue
        if not isinstance(value, dict):
            raise raw.error(f"'{key}' must be a table of options for {rule_.id}", key)
        out[rule_.id] = {**out.get(rule_.id, {}), **_checked_options(raw, rule_, key, value)}
    return out


def _checked_options(raw: RawConfig, rule_: Rule, key: str, given: dict) -> dict[str, Any]:
    declared = {name.replace("_", "-"): name for name in rule_.options}
    out = {}
    for name, value in given.items():
        real = declared.get(str(name).replace("_", "-"))
        if real is None:
            known = ", ".join(sorted(rule_.options)) or "none"
            raise raw.error(f"{rule_.id} ({rule_.name}) has no option '{name}' "
                            f"(options: {known})", name, within=key)
        problem = type_problem(rule_.options[real], value)
        if problem:
            raise raw.error(f"{rule_.id} option '{name}': {problem}", name, within=key)
        out[real] = tuple(value) if isinstance(rule_.options[real], tuple) else value
    return out


def type_problem(default: Any, value: Any) -> str | None:
    """Why ``value`` can't replace ``default`` (same type; int accepted for float), or None."""
    if default is None:
        return None
    if isinstance(default, bool) or isinstance(value, bool):
        ok = isinstance(default, bool) and isinstance(value, bool)
    elif isinstance(default, float):
        ok = isinstance(value, (int, float))
    elif isinstance(default, (list, tuple)):
        ok = isinstance(value, list) and all(
            type_problem(default[0], v) is None for v in value) if default else isinstance(value, list)
    else:
        ok = isinstance(value, type(default))
    want = "a list" if isinstance(default, (list, tuple)) else type(default).__name__
    return None if ok else f"expected {want} (like {default!r}), got {value!r}"
