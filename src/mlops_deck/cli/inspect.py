"""`mlops-deck inspect`: the parsed model as text or JSON."""
from __future__ import annotations

from pathlib import Path

import click

from . import DEFAULT_DECK, guarded, main


@main.command()
@click.argument("deck", type=click.Path(path_type=Path), default=DEFAULT_DECK)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format.")
@guarded
def inspect(deck: Path, fmt: str) -> None:
    """Show the parsed model of DECK: slides, directives, notes, images, code blocks."""
    from ..inspect_view import deck_json, deck_text
    from ..parse import load_deck
    model = load_deck(deck)
    click.echo(deck_json(model) if fmt == "json" else deck_text(model))
