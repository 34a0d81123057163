"""`mlops-deck preview`: serve the deck on loopback and follow every save."""
from __future__ import annotations

from pathlib import Path

import click

from . import DEFAULT_DECK, Failure, guarded, main


@main.command()
@click.argument("deck", type=click.Path(path_type=Path), default=DEFAULT_DECK)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but loopback exposes your deck to the network.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
@click.option("--theme", help="Theme folder name under templates/ (overrides the deck's).")
@click.option("--no-lint", is_flag=True, help="Don't lint on each save.")
@guarded
def preview(deck: Path, port: int, host: str, open_browser: bool, theme: str | None,
            no_lint: bool) -> None:
    """Serve DECK at http://HOST:PORT/ and reload the page on every save, keeping the
    current slide; lint findings show as badges on the slides and in a panel.
    Stop with Ctrl-C."""
    from ..parse.io import read_deck_file
    from ..preview import Preview, deck_renderer, make_server, serve
    from ..render.html import find_project_root

    if not _is_loopback(host):
        click.echo(f"mlops-deck: warning: serving on {host}: anyone who can reach this "
                   "machine can read the deck", err=True)
    read_deck_file(deck)  # a missing or unreadable deck is a usage error, before binding
    root = find_project_root(deck)
    state = Preview(deck, deck_renderer(root, theme, lint=not no_lint))
    try:
        server = make_server(state, host, port)
    except OSError as exc:
        raise Failure(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                      "(is another preview running? try --port)") from None
    url = f"http://{_url_host(host)}:{server.server_address[1]}/"
    click.echo(f"mlops-deck: previewing {deck} at {url} (Ctrl-C to stop)", err=True)
    if open_browser:
        import webbrowser
        webbrowser.open(url)
    serve(server, state, on_refresh=_report)
    click.echo("mlops-deck: preview stopped", err=True)


def _report(snapshot) -> None:
    if snapshot.error:
        click.echo(f"mlops-deck: {snapshot.error} (showing the last good render)", err=True)
    else:
        counts = {}
        for f in snapshot.findings:
            counts[f["severity"]] = counts.get(f["severity"], 0) + 1
        summary = ", ".join(f"{n} {s}(s)" for s, n in sorted(counts.items())) or "no findings"
        click.echo(f"mlops-deck: version {snapshot.version}: {summary}", err=True)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        import ipaddress
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
