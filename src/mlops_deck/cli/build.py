"""`mlops-deck build`: the deck as one self-contained HTML file (plus export steps)."""
from __future__ import annotations

import sys
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
@guarded
def build(deck: Path, out_dir: Path, theme: str | None, allow_html: bool, no_embed: bool,
          strip_notes: bool, progress_bar: bool, strict: bool, no_lint: bool) -> None:
    """Build DECK into OUTPUT/<deck>.html: self-contained, offline, presentable."""
    from ..build import BuildError, BuildOptions, build_deck
    from ..render.html import RenderOptions

    render = RenderOptions(theme=theme, embed=not no_embed, html=allow_html,
                           strip_notes=strip_notes, progress=progress_bar)
    options = BuildOptions(render=render, lint=not no_lint, strict=strict,
                           steps=(), progress=_progress_bar if sys.stderr.isatty() else None)
    try:
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
