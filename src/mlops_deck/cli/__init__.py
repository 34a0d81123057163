"""Command line: option parsing and exit codes only (0 ok, 1 findings/failed build, 2 usage,
config or internal error). The work is done by parse/lint/render/build.

One module per command (``cli/inspect.py``, ``cli/lint.py``…) so commands stay small; each
registers itself on :data:`main` and is imported at the bottom of this file."""
from __future__ import annotations

import functools
import gc
import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..parse.io import DeckReadError  # not ..parse: that loads markdown-it for every command

DEFAULT_DECK = Path("deck/mlops-guide.md")


class Failure(click.ClickException):
    """A user-facing error: one line on stderr, exit code 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"mlops-deck: error: {self.format_message()}", err=True)


def guarded(fn):
    """Turn expected errors into one-line messages and unexpected ones into exit 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DeckReadError as exc:
            raise Failure(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if os.environ.get("MLOPS_DECK_DEBUG"):
                raise
            raise Failure(f"internal error: {type(exc).__name__}: {exc} "
                          "(set MLOPS_DECK_DEBUG=1 for a traceback)") from None
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mlops-deck")
def main() -> None:
    """Build, lint and preview Marp slide decks."""


def run() -> None:
    """The console entry point: the compile cache, :data:`main`, then a frozen heap.

    :mod:`mlops_deck.compile_cache` keeps the regular expressions and dataclass methods the
    commands compile between runs (a fifth of a cold lint's CPU time).

    Tearing the interpreter down ends with a garbage collection that walks every object
    still alive: ~0.15 s after a browser export (Playwright's API classes, the PDF reader's
    objects), spent on memory the OS takes back anyway. ``gc.freeze()`` takes them out of
    that walk; atexit handlers and every ``finally`` still run as usual."""
    try:
        from ..compile_cache import install
        words = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
        install(words[0] if words and words[0] in main.commands else "")
    except Exception:  # noqa: BLE001 - only ever a speed-up: run without it
        pass
    try:
        main()
    finally:
        gc.freeze()


# Commands register themselves on `main`; keep this list sorted.
from . import assets  # noqa: E402,F401
from . import build  # noqa: E402,F401
from . import inspect  # noqa: E402,F401
from . import lint  # noqa: E402,F401
from . import preview  # noqa: E402,F401
from . import rules  # noqa: E402,F401
