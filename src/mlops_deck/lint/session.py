"""Lint a set of deck files: config per folder, cache, parse once, lint, optional --fix.

This is what `mlops-deck lint` runs (the CLI only parses options and prints); it stays
free of click so the build and the pre-commit hook path share it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Severity
from .cache import LintCache, atomic_write
from .config import LintConfig, load_config
from .discover import project_root
from .runner import LintResult


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
        self._caches: dict[Path, LintCache] = {}

    def config_for(self, deck: Path) -> LintConfig:
        folder = deck.resolve().parent
        if folder not in self._configs:
            base = load_config(folder, self.options.config_path)
            self._configs[folder] = base.with_cli(self.options.select, self.options.ignore,
                                                  self.options.fail_on)
        return self._configs[folder]

    def root_for(self, deck: Path, config: LintConfig) -> Path:
        return config.source.parent if config.source else project_root(deck)

    def lint(self, decks: list[Path]) -> Outcome:
        outcome = Outcome()
        for deck in decks:
            config = self.config_for(deck)
            result = self._lint_one(deck, config, outcome)
            outcome.result = outcome.result + result
            outcome.exit_code = max(outcome.exit_code, result.exit_code(config.fail_on))
        return outcome

    def _lint_one(self, path: Path, config: LintConfig, outcome: Outcome) -> LintResult:
        from ..parse.io import read_deck_file

        root = self.root_for(path, config)
        text = read_deck_file(path)
        extra = self.extras.get(path)
        cache = (self._cache(root) if self.options.use_cache and not self.options.fix
                 and extra is None else None)
        key = cache.key(path, text, config.fingerprint()) if cache else ""
        if cache and (hit := cache.load(path, key)) is not None:
            outcome.cached += 1
            return hit
        if self.options.fix:
            return self._fix(path, text, config, root, outcome)
        result, assets = lint_text(text, path, config, root, extra)
        if cache:
            cache.store(path, key, assets, result)
        return result

    def _fix(self, path: Path, text: str, config: LintConfig, root: Path,
             outcome: Outcome) -> LintResult:
        from .fix import fix_text

        new_text, applied, result = fix_text(
            text, lambda t: lint_text(t, path, config, root)[0])
        if applied and new_text != text:
            atomic_write(path, new_text)
            outcome.fixed[path] = applied
        return result

    def _cache(self, root: Path) -> LintCache:
        if root not in self._caches:
            self._caches[root] = LintCache(root)
        return self._caches[root]


def lint_text(text: str, path: Path, config: LintConfig, root: Path,
              extra: dict | None = None) -> tuple[LintResult, list[Path]]:
    """Parse and lint one deck's text; also returns the local assets it references."""
    from ..parse import parse_deck
    from .runner import lint_deck

    deck = parse_deck(text, path)
    assets = [img.path for slide in deck.slides for img in slide.images if img.path]
    return lint_deck(deck, config, root=root, extra=extra), assets
