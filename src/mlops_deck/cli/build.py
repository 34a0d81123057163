"""`mlops-deck build`: the deck as one self-contained HTML file (plus export steps)."""
from __future__ import annotations

import contextlib
import sys
from dataclasses import replace
from pathlib import Path

import click

from . import DEFAULT_DECK, Failure, guarded, main

DEFAULT_OUT = Path("dist")


def _progress_bar(stage: str, done: int, total: int) -> None:
    """A one-line progress bar on stderr (only used when stderr is a terminal)."""
    width = 24
    filled = width * min(done, total) // max(total, 1)
    end = "\n" if stage == "done" else ""
    click.echo(f"\r\x1b[2K[{'#' * filled}{'.' * (width - filled)}] {stage}", err=True, nl=False)
    if end:
        click.echo("", err=True)


@main.command()
@click.argument("deck", type=click.Path(path_type=Path), default=DEFAULT_DECK)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=DEFAULT_OUT, show_default=True, help="Output folder.")
@click.option("--theme", help="Theme folder name under templates/ (overrides the deck's).")
@click.option("--html/--no-html", "allow_html", default=False,
              help="Let raw HTML in the Markdown through (like marp-cli --html).")
@click.option("--no-embed", is_flag=True,
              help="Copy images and fonts next to the HTML instead of embedding them.")
@click.option("--strip-notes", is_flag=True, help="Leave speaker notes out of the HTML.")
@click.option("--progress-bar", "progress_bar", is_flag=True,
              help="Show a progress bar at the bottom of the slides while presenting.")
@click.option("--strict", is_flag=True, help="Lint errors fail the build (exit 1).")
@click.option("--no-lint", is_flag=True, help="Skip linting.")
@click.option("--pdf", is_flag=True, help="Also OUTPUT/<deck>.pdf, printed by Chromium.")
@click.option("--pdf-notes", is_flag=True, help="PDF with each slide's notes as an annotation.")
@click.option("--handout", is_flag=True, help="Also OUTPUT/<deck>.handout.pdf (A4: slide + notes).")
@click.option("--png", is_flag=True, help="Also OUTPUT/png/NNN.png, one per slide.")
@click.option("--scale", type=click.FloatRange(0.1, 4), default=1.0, show_default=True,
              help="PNG pixel scale (2 gives 2560x1440 for 16:9).")
@click.option("--notes", is_flag=True, help="Also OUTPUT/<deck>.notes.md (marp-cli's format).")
@click.option("--all", "everything", is_flag=True, help="HTML, PDF, PNG and notes.")
@guarded
def build(deck: Path, out_dir: Path, theme: str | None, allow_html: bool, no_embed: bool,
          strip_notes: bool, progress_bar: bool, strict: bool, no_lint: bool, pdf: bool,
          pdf_notes: bool, handout: bool, png: bool, scale: float, notes: bool,
          everything: bool) -> None:
    """Build DECK into OUTPUT/<deck>.html: self-contained, offline, presentable.

    Exports that need a browser (PDF, handout, PNG) use the system Chromium/Chrome/Edge
    (CHROME_PATH to choose one) and also measure every slide: content that leaves the
    slide's content area is reported (DK601/DK602) with the lint findings; --strict makes
    those errors fail the build. --strict alone also runs that check."""
    needs_browser = pdf or pdf_notes or handout or png or everything or (strict and not no_lint)
    with contextlib.ExitStack() as stack:
        session = _early_browser() if needs_browser else None
        if session is not None:
            stack.callback(session.close)  # idempotent: the export steps close it too
        _build(session, deck=deck, out_dir=out_dir, theme=theme, allow_html=allow_html,
               no_embed=no_embed, strip_notes=strip_notes, progress_bar=progress_bar,
               strict=strict, no_lint=no_lint, pdf=pdf, pdf_notes=pdf_notes, handout=handout,
               png=png, scale=scale, notes=notes, everything=everything)


def _early_browser():
    """Start the browser before importing the build: it boots during those ~0.2 s too."""
    from ..render.browser import BrowserError
    from ..render.session import BrowserSession
    try:
        return BrowserSession()
    except BrowserError as exc:
        raise Failure(str(exc)) from None


def _build(session, *, deck: Path, out_dir: Path, theme: str | None, allow_html: bool,
           no_embed: bool, strip_notes: bool, progress_bar: bool, strict: bool, no_lint: bool,
           pdf: bool, pdf_notes: bool, handout: bool, png: bool, scale: float, notes: bool,
           everything: bool) -> None:
    from ..build import BuildError, BuildOptions, build_deck
    from ..render.html import RenderOptions

    render = RenderOptions(theme=theme, embed=not no_embed, html=allow_html,
                           strip_notes=strip_notes, progress=progress_bar)
    export = contextlib.nullcontext(())
    if pdf or pdf_notes or handout or png or notes or everything or (strict and not no_lint):
        # imported only when needed: the browser exports pull in asyncio, pypdf, playwright
        from ..exports import export_request, export_steps

        request = export_request(pdf=pdf, pdf_notes=pdf_notes, handout=handout, png=png,
                                 scale=scale, notes=notes, everything=everything)
        request = replace(request, measure=not no_lint and (strict or request.needs_browser))
        export = export_steps(request, session)
    try:
        with export as steps:  # a browser the exports need starts booting now
            options = BuildOptions(render=render, lint=not no_lint, strict=strict, steps=steps,
                                   progress=_progress_bar if sys.stderr.isatty() else None)
            result = build_deck(deck, out_dir, options)
    except BuildError as exc:
        raise Failure(str(exc)) from None
    for diagnostic in result.diagnostics:
        click.echo(f"{diagnostic} ({diagnostic.severity})")
    for message in result.messages:
        click.echo(f"mlops-deck: {message}", err=True)
    if result.html_path:
        click.echo(f"mlops-deck: wrote {result.html_path} "
                   f"({len(result.files)} item(s), {result.seconds:.2f} s)", err=True)
    sys.exit(result.exit_code)
