"""The browser exports and the rendered overflow check, as build steps (and for lint).

Sits at the build layer: it joins render (HTML, Chromium exports, measurements) and lint
(the DK6xx rules turn measurements into diagnostics with the project's config and the
deck's suppressions). ``render`` and ``lint`` still never import each other.
"""
from __future__ import annotations

import contextlib
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from .build import BuildError, Step, StepContext
from .diagnostics import Diagnostic
from .layout import LAYOUT_CACHE_KEY, DeckLayout
from .model import Deck
from .render.browser import BrowserError
from .render.export import ExportRequest, export_deck
from .render.html import render_document
from .render.session import BrowserSession

LAYOUT_TAG = "render"  # rules that need measurements carry this tag


def export_request(*, pdf: bool = False, pdf_notes: bool = False, handout: bool = False,
                   png: bool = False, scale: float = 1.0, notes: bool = False,
                   everything: bool = False, measure: bool = False) -> ExportRequest:
    """What to export; ``everything`` (``--all``) means PDF, PNG and notes."""
    return ExportRequest(pdf=pdf or everything, pdf_notes=pdf_notes, handout=handout,
                         png=png or everything, scale=scale, notes=notes or everything,
                         measure=measure)


@contextlib.contextmanager
def export_steps(request: ExportRequest, session: BrowserSession | None = None
                 ) -> Iterator[tuple[tuple[str, Step], ...]]:
    """The build steps for ``request`` (none when there is nothing to export). A browser
    they need starts now (or was started by the caller: ``session``), in the background,
    so it boots while the build lints and renders; it is stopped on exit whatever
    happened."""
    if not (request.notes or request.needs_browser):
        if session is not None:
            session.close()
        yield ()
        return
    try:
        if session is None and request.needs_browser:
            session = BrowserSession()
    except BrowserError as exc:
        raise BuildError(str(exc)) from None
    try:
        yield (("export", export_step(request, session)),)
    finally:
        if session is not None:
            session.close()


def export_step(request: ExportRequest, session: BrowserSession | None = None) -> Step:
    """A build step writing the requested exports into the build's temp folder and adding
    the overflow findings (when ``request.measure``) to the build's diagnostics."""

    def step(ctx: StepContext) -> None:
        measure_html = _write_measure_html(ctx) if request.measure else None
        try:
            result = export_deck(ctx.deck, ctx.html_path, ctx.temp_dir, request,
                                 measure_html=measure_html, session=session)
        except BrowserError as exc:
            raise BuildError(f"{exc}") from None
        finally:
            if measure_html is not None:
                measure_html.unlink(missing_ok=True)
        if result.layout is not None:
            ctx.diagnostics += layout_diagnostics(ctx.deck, result.layout, ctx.project_root)
    return step


def _write_measure_html(ctx: StepContext) -> Path:
    """The same deck with ``data-line`` source lines, next to the built HTML (so copied
    assets resolve) under a hidden name that is removed before the build moves files."""
    options = replace(ctx.options.render, source_lines=True, project_root=ctx.project_root)
    path = ctx.temp_dir / f".{ctx.html_path.stem}.lines.html"
    path.write_text(render_document(ctx.deck, options).html, encoding="utf-8")
    return path


def layout_diagnostics(deck: Deck, layout: DeckLayout, root: Path) -> list[Diagnostic]:
    """The DK6xx findings for measured ``layout``, through the project's lint config (rule
    selection, severities, options) and the deck's suppression comments."""
    from .lint.config import load_config
    from .lint.registry import all_rules
    from .lint.runner import lint_deck

    config = load_config(root)
    chosen = [r.id for r in config.rules_for(deck.path, all_rules()) if LAYOUT_TAG in r.tags]
    if not chosen:
        return []
    config = replace(config, select=tuple(chosen), extend_select=())
    result = lint_deck(deck, config, root=root, extra={LAYOUT_CACHE_KEY: layout})
    if result.internal_errors:
        raise BuildError("; ".join(str(e) for e in result.internal_errors))
    return list(result.diagnostics)
