"""The switches we add to Playwright's own when it launches the system Chromium.

Chromium 15x builds the address bar's pop-ups as WebUI pages and loads them when the first
window opens, headless or not: a renderer that burns about a second of CPU at start-up
(0.15-0.5 s of a `build --pdf` on a 2-core machine, in interleaved runs) for pop-ups a
headless deck never shows. Switching off the ``WebUIOmniboxPopup`` and
``WebUIOmniboxAimPopup`` features (as Puppeteer's defaults now do) stops it; older
Chromiums ignore the unknown names.

Chromium keeps only the *last* ``--disable-features`` on its command line, and Playwright
passes one of its own, so ours has to repeat Playwright's list. It is read from the
driver's bundled source; when it cannot be found (a Playwright with another layout) we add
no ``--disable-features`` at all: slower, but Playwright's own settings stay intact.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

BASE_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-sync", "--mute-audio")
DISABLED_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")
# Where Playwright's driver keeps chromiumSwitches (bundled since ~1.50, a module before).
_SWITCH_SOURCES = ("coreBundle.js", "server/chromium/chromiumSwitches.js")
_LIST = re.compile(r"disabledFeatures\s*=\s*\[(.*?)\]", re.S)
_FEATURE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def launch_args() -> list[str]:
    """Our switches for ``chromium.launch(args=...)``."""
    theirs = playwright_disabled_features()
    if theirs is None:
        return list(BASE_ARGS)
    features = [*theirs, *(f for f in DISABLED_FEATURES if f not in theirs)]
    return [*BASE_ARGS, "--disable-features=" + ",".join(features)]


@functools.lru_cache(maxsize=1)
def playwright_disabled_features() -> tuple[str, ...] | None:
    """The features Playwright's launch disables, or None when its source isn't found."""
    try:
        import playwright
    except ImportError:
        return None
    lib = Path(playwright.__file__).parent / "driver" / "package" / "lib"
    for name in _SWITCH_SOURCES:
        try:
            source = (lib / name).read_bytes()  # a 4 MB bundle: bytes, not decoded text
        except OSError:
            continue
        start = source.find(b"disabledFeatures")  # a window for _LIST, not 4 MB of text
        found = parse_disabled_features(
            source[start:start + 16384].decode("utf-8", "replace")) if start >= 0 else None
        if found is not None:
            return found
    return None


def parse_disabled_features(source: str) -> tuple[str, ...] | None:
    """The string entries of ``disabledFeatures = [...]`` in Playwright's source (comments
    dropped); None unless every entry looks like a feature name."""
    match = _LIST.search(source)
    if not match:
        return None
    body = re.sub(r"//[^\n]*", "", match.group(1))
    names = tuple(n for n in re.findall(r"[\"']([^\"']*)[\"']", body) if n)
    if not names or not all(_FEATURE.fullmatch(n) for n in names):
        return None
    return names
