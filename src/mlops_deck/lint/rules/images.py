"""DK501-DK503 image references: the file exists (with the exact case), stays inside the
project, and is local. Paths outside the project (``RuleContext.root``) are refused and
never read; only the existence of files inside the project is checked.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from ...diagnostics import Severity
from ...model import Deck, ImageRef
from ..registry import Finding, RuleContext, rule

TAGS = ("images",)


def real(ctx: RuleContext, path: Path) -> str:
    """``os.path.realpath``, memoised for the run (DK501 and DK502 ask about the same paths)."""
    memo = ctx.cache.setdefault("images.realpath", {})
    if path not in memo:
        memo[path] = os.path.realpath(path)
    return memo[path]


def inside(ctx: RuleContext, path: Path) -> bool:
    """True when ``path`` (symlinks followed, `..` folded) lies under the project root."""
    found, base = real(ctx, path), real(ctx, ctx.root)
    return found == base or found.startswith(base.rstrip(os.sep) + os.sep)


def _listing(ctx: RuleContext, folder: Path) -> set[str] | None:
    memo = ctx.cache.setdefault("images.listing", {})
    if folder not in memo:
        try:
            memo[folder] = set(os.listdir(folder))
        except OSError:
            memo[folder] = None
    return memo[folder]


def _missing(ctx: RuleContext, path: Path) -> str | None:
    """Why ``path`` does not name an existing file (case-sensitively), or None."""
    names = _listing(ctx, path.parent)
    if names is None:
        return "its folder does not exist"
    if path.name not in names:
        same = [n for n in names if n.casefold() == path.name.casefold()]
        return f"only `{same[0]}` exists (names are case-sensitive)" if same else \
            "no such file"
    if not path.is_file():
        return "it is not a file"
    return None


def _shown(path: Path, ctx: RuleContext) -> str:
    try:
        return str(Path(real(ctx, path)).relative_to(real(ctx, ctx.root)))
    except ValueError:
        return str(path)


def _images(deck: Deck) -> Iterator[tuple[int, ImageRef]]:
    """Markdown images and raw-HTML `<img>` tags (Marp's allow-list keeps `<img src>`)."""
    for slide in deck.slides:
        for image in (*slide.images, *getattr(slide, "html_images", ())):
            yield slide.index, image


@rule("DK501", "missing-image", Severity.ERROR, tags=TAGS, aliases=("image-exists",))
def missing_image(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports an image (`![…](…)` or an HTML `<img src>`) whose local file does not exist.
    Names are compared case-sensitively, as on Linux and in CI, even on a
    case-insensitive disk (macOS, Windows).

    ## Why is this bad?
    Marp shows a broken image (or just its alt text) and the PDF has a hole in the slide;
    a path that only works on the author's Mac breaks in CI.

    ## Example
    ```markdown
    ![w:800 Pipeline](assets/Pipeline.SVG)
    ```

    ## Use instead
    ```markdown
    ![w:800 Pipeline](assets/pipeline.svg)
    ```
    """
    for index, image in _images(deck):
        if not image.src.strip():
            yield Finding(image.span, "image has no path", index)
        if image.path is None or not inside(ctx, image.path):
            continue  # remote (DK503) or outside the project (DK502): never looked at
        why = _missing(ctx, image.path)
        if why:
            yield Finding(image.span, f"image file not found: {_shown(image.path, ctx)} "
                          f"({why})", index)


@rule("DK502", "image-outside-project", Severity.ERROR, tags=TAGS)
def image_outside_project(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports an image path that resolves outside the project folder (`../../…`, an
    absolute path, a symlink pointing out). The file is not read, not even checked for
    existence. (markdown-it, like Marp, does not make `file:` URLs into images at all.)

    ## Why is this bad?
    The deck then depends on files that are not in the repository: the build breaks on
    every other machine, and a deck could pull in arbitrary local files (`/etc/…`) when
    rendered with local file access.

    ## Example
    ```markdown
    ![w:600 Logo](/Users/me/Desktop/logo.png)
    ```

    ## Use instead
    ```markdown
    ![w:600 Logo](../assets/logo.png)
    ```
    """
    for index, image in _images(deck):
        if image.path is not None and not inside(ctx, image.path):
            yield Finding(image.span, f"image `{image.src}` resolves outside the project "
                          f"({ctx.root}); it is not read", index)


@rule("DK503", "remote-image", Severity.WARNING, tags=TAGS)
def remote_image(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """## What it does
    Reports an image loaded from the network (`http:`, `https:`, `//host/…`), or through
    a URL scheme a browser cannot load offline.

    ## Why is this bad?
    The PDF and PNG builds run offline: the image is missing from them (and from a
    presentation without network), the content can change or vanish under the deck, and
    every viewer's browser contacts that host.

    ## Example
    ```markdown
    ![w:600 Architecture](https://example.com/arch.png)
    ```

    ## Use instead
    ```markdown
    ![w:600 Architecture](../assets/arch.png)
    ```
    """
    for index, image in _images(deck):
        if image.path is not None:
            continue
        scheme = urlsplit(image.src).scheme.lower()
        if scheme == "data" or not image.src.strip():
            continue
        what = "is loaded from the network" if scheme in ("http", "https", "") else \
            f"uses the `{scheme}:` scheme"
        yield Finding(image.span, f"image `{image.src}` {what}: it is missing from offline "
                      "builds and presentations", index)
