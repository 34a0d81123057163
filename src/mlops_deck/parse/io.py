"""Reading a deck file: the failures a user can cause, each as one clear message."""
from __future__ import annotations

from pathlib import Path

MAX_BYTES = 64 * 1024 * 1024  # far beyond any real deck; guards against /dev/zero and friends


class DeckReadError(Exception):
    """The file can't be read as a deck. ``str()`` is a one-line message naming the file."""


def read_deck_file(path: Path) -> str:
    if not path.exists():
        raise DeckReadError(f"{path}: no such file")
    if path.is_dir():
        raise DeckReadError(f"{path}: is a directory, not a markdown file")
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DeckReadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise DeckReadError(f"{path}: larger than {MAX_BYTES // 2**20} MiB; not a slide deck")
    if b"\x00" in data[:8192]:
        raise DeckReadError(f"{path}: binary file (NUL bytes), not markdown")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DeckReadError(f"{path}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} "
                            f"at offset {exc.start})") from None
    return text
