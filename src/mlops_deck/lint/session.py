"""Lint a set of deck files: config per folder, cache, parse once, lint, optional --fix.

This is what `mlops-deck lint` runs (the CLI only parses options and prints); it stays
free of click so the build and the pre-commit hook path share it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..diagnostics import Severity
from .cache import LintCache, atomic_write
from .config import (LintConfig, exclude_globs, is_excluded, load_config,
                     raw_fingerprint)
from .config_load import RawConfig, find_config, read_config
from .discover import project_root
from .runner import LintResult

if TYPE_CHECKING:
    from .asset_cache import AssetResults


@dataclass(frozen=True)
class Options:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: Severity | None = None
    config_path: Path | None = None
    use_cache: bool = True
    fix: bool = False


@dataclass
class Outcome:
    result: LintResult = field(default_factory=LintResult)
    exit_code: int = 0
    fixed: dict[Path, int] = field(default_factory=dict)  # deck -> fixes applied
    cached: int = 0  # decks answered from the cache


class Session:
    def __init__(self, options: Options, extras: dict[Path, dict] | None = None):
        self.options = options
        # Per-deck data handed to the rules (e.g. {"layout": ...} from `lint --render`);
        # a deck with extras is never answered from or stored in the cache.
        self.extras = extras or {}
        self._configs: dict[Path, LintConfig] = {}
        self._raws: dict[Path, RawConfig | None] = {}
        self._caches: dict[Path, LintCache] = {}

    def raw_for(self, deck: Path) -> RawConfig | None:
        """The config file as read (no rules loaded): enough for the cache key."""
        folder = deck.resolve().parent
        if folder not in self._raws:
            explicit = self.options.config_path
            self._raws[folder] = read_config(explicit) if explicit else find_config(folder)
        return self._raws[folder]

    def config_for(self, deck: Path) -> LintConfig:
        """The validated config (loads every rule to check selectors and options)."""
        folder = deck.resolve().parent
        if folder not in self._configs:
            base = load_config(folder, self.options.config_path)
            self._configs[folder] = base.with_cli(self.options.select, self.options.ignore,
                                                  self.options.fail_on)
        return self._configs[folder]

    def excluded(self, start: Path) -> Callable[[Path], bool]:
        """The config's ``exclude`` globs as a test, for finding decks under ``start``."""
        raw = self.raw_for(start / "_")
        if raw is None:
            return lambda path: False
        globs, base = exclude_globs(raw), raw.path.parent
        return lambda path: is_excluded(path, globs, base)

    def lint(self, decks: list[Path]) -> Outcome:
        outcome = Outcome()
        for deck in decks:
            raw = self.raw_for(deck)
            root = raw.path.parent if raw else project_root(deck)
            result, fail_on = self._lint_one(deck, raw, root, outcome)
            outcome.result = outcome.result + result
            outcome.exit_code = max(outcome.exit_code, result.exit_code(fail_on))
        return outcome

    def _lint_one(self, path: Path, raw: RawConfig | None, root: Path,
                  outcome: Outcome) -> tuple[LintResult, Severity]:
        from ..parse.io import read_deck_file

        text = read_deck_file(path)
        extra = self.extras.get(path)
        cache = (self._cache(root) if self.options.use_cache and not self.options.fix
                 and extra is None else None)
        key = cache.key(path, text, self._quick_fingerprint(raw)) if cache else ""
        if cache and (hit := cache.load(path, key)) is not None:
            outcome.cached += 1
            return hit, self._fail_on(path, raw)
        config = self.config_for(path)
        if self.options.fix:
            return self._fix(path, text, config, root, outcome), config.fail_on
        result, assets = lint_text(text, path, config, root, extra,
                                   persist=self.options.use_cache)
        if cache:
            cache.store(path, key, assets, result)
        return result, config.fail_on

    def _quick_fingerprint(self, raw: RawConfig | None) -> str:
        return raw_fingerprint(raw) + repr((self.options.select, self.options.ignore))

    def _fail_on(self, path: Path, raw: RawConfig | None) -> Severity:
        if self.options.fail_on is not None:
            return self.options.fail_on
        level = str(raw.table.get("fail-on", "error")) if raw else "error"
        if level in ("error", "warning", "info"):
            return Severity.parse(level)
        return self.config_for(path).fail_on  # raises the ConfigError with file:line

    def _fix(self, path: Path, text: str, config: LintConfig, root: Path,
             outcome: Outcome) -> LintResult:
        from .fix import fix_text

        new_text, applied, result = fix_text(
            text, lambda t: lint_text(t, path, config, root, persist=self.options.use_cache)[0])
        if applied and new_text != text:
            atomic_write(path, new_text)
            outcome.fixed[path] = applied
        return result

    def _cache(self, root: Path) -> LintCache:
        if root not in self._caches:
            self._caches[root] = LintCache(root)
        return self._caches[root]


def lint_text(text: str, path: Path, config: LintConfig, root: Path,
              extra: dict | None = None, persist: bool = True) -> tuple[LintResult, list[Path]]:
    """Parse and lint one deck's text; also returns the local assets it references."""
    from ..parse import parse_deck

    deck = parse_deck(text, path)
    assets = [img.path for slide in deck.slides for img in slide.images if img.path]
    return lint_parsed(deck, config, root, extra, persist=persist), assets


def lint_parsed(deck, config: LintConfig, root: Path, extra: dict | None = None,
                store: "AssetResults | None" = None, persist: bool = True) -> LintResult:
    """Lint a parsed deck with the asset rules' per-file results loaded from (and saved
    to) the project's cache (unless ``persist`` is false); pass ``store`` to keep them in
    memory across calls too."""
    from .asset_cache import ASSET_RESULTS_KEY, AssetResults
    from .runner import lint_deck

    store = store or AssetResults(root, persist)
    files = [img.path for slide in deck.slides for img in slide.images if img.path]
    results = store.load(files)
    result = lint_deck(deck, config, root=root, extra={**(extra or {}),
                                                       ASSET_RESULTS_KEY: results})
    store.save()
    return result
