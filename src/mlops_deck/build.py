"""``build``: parse once → lint → render HTML → export steps → move into place.

Everything is written into a temp folder next to the output folder; only when every step
succeeded are the produced files renamed into the output folder (one rename per file or
folder), so a failed build leaves the previous ``dist/`` as it was.

Export steps (PDF, PNG, notes… from issue 4) are plain functions run in order on the
rendered HTML inside the temp folder: add one to ``BuildOptions.steps``. A step gets a
:class:`StepContext` and may write files into ``ctx.temp_dir`` and add diagnostics.

Exit codes: 0 ok; 1 findings that fail the build (``--strict`` and errors) or a failed
step; 2 unusable input (unreadable deck, unknown theme, bad config) — the message says why.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .diagnostics import Diagnostic, Severity
from .model import Deck
from .parse import DeckReadError, load_deck
from .parse.directives import BUILTIN_THEMES
from .render.html import RenderedDeck, RenderOptions, find_project_root, render_document
from .render.theme import ThemeNotFound, available_themes

Progress = Callable[[str, int, int], None]  # (stage, done, total)


class BuildError(Exception):
    """A build that cannot run or failed; ``exit_code`` is 1 or 2."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class StepContext:
    """What an export step sees: the parsed deck and the rendered HTML in the temp folder."""

    deck: Deck
    options: "BuildOptions"
    temp_dir: Path  # becomes the output folder's content on success
    html_path: Path  # the rendered HTML inside temp_dir
    rendered: RenderedDeck
    project_root: Path
    diagnostics: list[Diagnostic] = field(default_factory=list)  # steps may add findings
    fail: bool = False  # a step sets this when its findings must fail the build


Step = Callable[[StepContext], None]


@dataclass(frozen=True)
class BuildOptions:
    render: RenderOptions = RenderOptions()
    lint: bool = True
    strict: bool = False  # error findings fail the build (exit 1)
    steps: tuple[tuple[str, Step], ...] = ()  # (label, step) run after the HTML is written
    progress: Progress | None = None


@dataclass
class BuildResult:
    exit_code: int
    html_path: Path | None = None
    files: list[Path] = field(default_factory=list)  # produced, in their final place
    diagnostics: list[Diagnostic] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # notes for the user (missing images…)
    seconds: float = 0.0


def html_name(deck_path: Path) -> str:
    return f"{deck_path.stem}.html"


def build_deck(deck_path: Path, out_dir: Path, options: BuildOptions = BuildOptions()
               ) -> BuildResult:
    """Build ``deck_path`` into ``out_dir``. Raises :class:`BuildError` for exit-2 input
    problems; returns a result (exit 0 or 1) otherwise."""
    started = time.perf_counter()
    deck_path, out_dir = Path(deck_path), Path(out_dir)
    stages = 4 + len(options.steps)
    tick = _ticker(options.progress, stages)
    root = options.render.project_root or find_project_root(deck_path)
    tick("parse")
    deck = parse_for_build(deck_path, root)
    tick("lint")
    diagnostics = lint_for_build(deck, root) if options.lint else []
    result = BuildResult(0, diagnostics=list(diagnostics))
    if options.strict and any(d.severity >= Severity.ERROR for d in diagnostics):
        result.exit_code = 1
        result.messages.append("build stopped: lint found errors (--strict)")
        return _done(result, started, tick)
    tick("render")
    rendered = render_for_build(deck, options.render, root)
    if rendered.missing_images:
        shown = ", ".join(rendered.missing_images[:3])
        more = f" and {len(rendered.missing_images) - 3} more" if len(rendered.missing_images) > 3 else ""
        result.messages.append(f"{len(rendered.missing_images)} image(s) drawn as broken-image "
                               f"boxes: {shown}{more}")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        html_path = _write_html(temp, deck_path, rendered)
        ctx = StepContext(deck, options, temp, html_path, rendered, root)
        for label, step in options.steps:
            tick(label)
            step(ctx)
        result.diagnostics += ctx.diagnostics
        if ctx.fail or (options.strict and any(d.severity >= Severity.ERROR
                                               for d in ctx.diagnostics)):
            result.exit_code = 1
            result.messages.append("build failed: nothing was written")
            return _done(result, started, tick)
        tick("write")
        result.files = _move_into_place(temp, out_dir)
        result.html_path = out_dir / html_path.name
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return _done(result, started, tick)


def _ticker(progress: Progress | None, stages: int):
    count = [0]

    def tick(stage: str) -> None:
        if progress:
            progress(stage, count[0], stages)
        count[0] += 1
    return tick


def _done(result: BuildResult, started: float, tick) -> BuildResult:
    tick("done")
    result.seconds = time.perf_counter() - started
    result.diagnostics.sort()
    return result


def parse_for_build(deck_path: Path, root: Path) -> Deck:
    themes = tuple(sorted(set(BUILTIN_THEMES) | set(available_themes(root))))
    try:
        return load_deck(deck_path, themes=themes)
    except DeckReadError as exc:
        raise BuildError(str(exc)) from None


def lint_for_build(deck: Deck, root: Path, store=None) -> list[Diagnostic]:
    """Lint the parsed deck as `mlops-deck lint` would (same config, same cache, so an
    unchanged deck costs a cache read); ``store`` instead keeps the asset rules' per-file
    results in memory between calls (the preview lints every save, so caching whole decks
    would not help it)."""
    from .lint.config import ConfigError, load_config
    from .lint.session import Options, Session, lint_parsed

    try:
        if store is None and deck.path.is_file():
            outcome = Session(Options()).lint([deck.path]).result
        else:
            outcome = lint_parsed(deck, load_config(root), root, store=store)
    except ConfigError as exc:
        raise BuildError(str(exc)) from None
    if outcome.internal_errors:
        raise BuildError("; ".join(str(e) for e in outcome.internal_errors))
    return list(outcome.diagnostics)


def render_for_build(deck: Deck, options: RenderOptions, root: Path) -> RenderedDeck:
    from dataclasses import replace

    try:
        return render_document(deck, replace(options, project_root=root))
    except ThemeNotFound as exc:
        raise BuildError(str(exc)) from None


def _write_html(temp: Path, deck_path: Path, rendered: RenderedDeck) -> Path:
    html_path = temp / html_name(deck_path)
    html_path.write_text(rendered.html, encoding="utf-8")
    for rel, data in rendered.files.items():
        target = temp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return html_path


def _move_into_place(temp: Path, out_dir: Path) -> list[Path]:
    """Rename each produced file/folder into ``out_dir``; a replaced folder is swapped whole."""
    out_dir.mkdir(parents=True, exist_ok=True)
    moved = []
    for entry in sorted(temp.iterdir()):
        target = out_dir / entry.name
        if entry.is_dir() and target.exists():
            old = out_dir / f".{entry.name}.old-{os.getpid()}"
            os.replace(target, old)
            os.replace(entry, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(entry, target)
        moved.append(target)
    return moved
