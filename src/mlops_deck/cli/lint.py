"""`mlops-deck lint [PATHS…]`: lint decks; exit 0 clean or warnings only, 1 errors (or
warnings with --fail-on warning), 2 usage, config or internal error."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import Failure, guarded, main

FORMATS = ("text", "json", "github", "sarif")
DEFAULT_DIR = "deck"


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default=None,
              help="Lowest severity that fails (exit 1). Default: config, else error.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules: ids, names or prefixes (DK3), comma-separated.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place, then report the rest.")
@click.option("--no-cache", is_flag=True, help="Ignore and don't write .mlops-deck-cache/.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this pyproject.toml or .mlops-deck.yml instead of the nearest one.")
@click.option("--render", is_flag=True,
              help="Also measure the rendered slides in Chromium (DK6xx overflow rules).")
@guarded
def lint(paths: tuple[str, ...], fmt: str, output: Path | None, fail_on: str | None,
         select: tuple[str, ...], ignore: tuple[str, ...], fix: bool, no_cache: bool,
         config_path: Path | None, render: bool) -> None:
    """Lint Marp decks. PATHS are decks, folders, globs, or SVG files (which lint the decks
    that use them); default: the decks under deck/."""
    from ..diagnostics import Severity
    from ..lint.config import ConfigError
    from ..lint.discover import UsageError, project_root, select as select_decks
    from ..lint.session import Options, Session

    options = Options(_split(select), _split(ignore), Severity.parse(fail_on) if fail_on else None,
                      config_path, not no_cache, fix)
    if not paths and not Path(DEFAULT_DIR).is_dir():
        raise Failure(f"no PATHS given and no {DEFAULT_DIR}/ folder here; name the decks to lint")
    try:
        session = Session(options)
        chosen = select_decks(list(paths) or [DEFAULT_DIR], project_root(Path.cwd()),
                              session.excluded(Path.cwd()))
        _check_selectors(options)
        session.extras = _measure(chosen.decks) if render else {}
        outcome = session.lint(chosen.decks)
    except (UsageError, ConfigError) as exc:
        raise Failure(str(exc)) from None
    for path in chosen.skipped:
        click.echo(f"mlops-deck: note: {path} is not a Marp deck (no front matter); skipped",
                   err=True)
    for path, count in outcome.fixed.items():
        click.echo(f"mlops-deck: fixed {count} problem(s) in {path}", err=True)
    _emit(outcome, fmt, output, len(chosen.decks))
    sys.exit(outcome.exit_code)


def _measure(decks: list[Path]) -> dict[Path, dict]:
    """Layout measurements of each deck in one browser session, as rule-context extras."""
    from ..layout import LAYOUT_CACHE_KEY
    from ..parse import load_deck
    from ..render.browser import BrowserError
    from ..render.export import measure_layouts

    try:
        layouts = measure_layouts([load_deck(d) for d in decks])
    except BrowserError as exc:
        raise Failure(f"--render: {exc}") from None
    return {deck: {LAYOUT_CACHE_KEY: layout} for deck, layout in zip(decks, layouts)}


def _check_selectors(options) -> None:
    from ..lint.config import ConfigError, matches
    from ..lint.registry import all_rules

    if not options.select and not options.ignore:
        return  # keeps the cached path free of importing every rule family
    rules = all_rules().values()
    for flag, values in (("--select", options.select), ("--ignore", options.ignore)):
        for value in values:
            if not any(matches(value, r) for r in rules):
                raise ConfigError(f"{flag}: no rule matches '{value}' (see `mlops-deck rules`)")


def _emit(outcome, fmt: str, output: Path | None, files: int) -> None:
    from ..lint.cache import atomic_write
    from ..lint.reporters import render

    color = fmt == "text" and output is None and sys.stdout.isatty()
    report = render(outcome.result, fmt, color=color, files=files)
    if output is not None:
        atomic_write(output, report)
    else:
        click.echo(report, nl=False)
    if output is not None or fmt != "text":
        for error in outcome.result.internal_errors:
            click.echo(f"mlops-deck: {error}", err=True)
