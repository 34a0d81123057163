"""`mlops-deck assets sheet [DECK] [-o FILE]`: every SVG diagram of a deck, drawn by CairoSVG
and labelled by slide, in one contact-sheet PNG for review. Exit 1 if a diagram could not be
drawn (the sheet is still written, with a red cell for it); missing files get grey cells
and are lint's business (DK501)."""
from __future__ import annotations

from pathlib import Path

import click

from . import DEFAULT_DECK, guarded, main

DEFAULT_SHEET = Path("dist/contact-sheet.png")


@main.group()
def assets() -> None:
    """Review the deck's image assets."""


@assets.command()
@click.argument("deck", type=click.Path(path_type=Path), default=DEFAULT_DECK)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=DEFAULT_SHEET, show_default=True, help="Where to write the PNG.")
@click.option("--columns", type=click.IntRange(1, 12), default=4, show_default=True,
              help="Diagrams per row.")
@click.option("--assets", "assets_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Also draw the SVGs here that no slide shows "
              "[default: ../assets next to the deck].")
@guarded
def sheet(deck: Path, output: Path, columns: int, assets_dir: Path | None) -> None:
    """Draw every SVG diagram of DECK into one contact-sheet PNG, labelled by slide (then
    the unused SVGs of the assets folder, labelled "unused")."""
    from ..render.contact_sheet import build_contact_sheet

    from ..parse import load_deck
    model = load_deck(deck)
    folder = assets_dir if assets_dir is not None else model.base_dir / ".." / "assets"
    result = build_contact_sheet(model, output, columns=columns, assets=folder)
    for failure in result.failures:
        click.echo(f"{deck}: {failure}", err=True)
    click.echo(f"{output}: {result.drawn} diagrams"
               + (f", {len(result.missing)} missing" if result.missing else "")
               + (f", {len(result.failures)} could not be drawn" if result.failures else ""))
    if result.failures:
        raise click.exceptions.Exit(1)
