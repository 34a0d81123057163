"""DK540–DK541: diagram files are named for their slide, and none lies unused in assets/."""
from __future__ import annotations

import re
from typing import Iterator

from ...model import Deck, Span
from ..registry import Finding, RuleContext, rule
from .svg_common import ASSETS_OPTION, assets_dir, deck_images, unused_assets

TAGS = ("svg", "assets", "naming")
NAME = re.compile(r"^slide-(\d{2,})-[a-z0-9]+(?:-[a-z0-9]+)*\.svg$")
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif")


@rule("DK540", "svg-name-slide-number", tags=TAGS)
def svg_name_slide_number(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG file is not named `slide-NN-topic.svg` for the slide that shows it.

    ## What it does
    Checks each SVG a slide shows against `slide-NN-words-in-kebab-case.svg` (NN at least two
    digits) and that NN is the number of a slide showing it.

    ## Why is this bad?
    The name is how an author finds the diagram of slide 42 and how reviewers match the
    contact sheet to the deck; a stale number after slides move sends them to the wrong file.

    ## Example
    `![w:800](../assets/slide-07-maturity.svg)` on slide 8.

    ## Use instead
    `![w:800](../assets/slide-08-maturity.svg)` (rename the file with the slide).
    """
    uses: dict[str, list[int]] = {}
    for slide, image in deck_images(deck):
        uses.setdefault(str(image.path.resolve()), []).append(slide.index)
    for slide, image in deck_images(deck):
        name = image.path.name
        m = NAME.match(name)
        if m is None:
            yield Finding(image.span, f"{name}: name is not slide-NN-topic.svg "
                          f"(expected slide-{slide.index:02d}-….svg)", slide.index)
        elif int(m.group(1)) not in uses[str(image.path.resolve())]:
            yield Finding(image.span, f"{name}: numbered for slide {int(m.group(1))} but shown "
                          f"on slide {slide.index}", slide.index)


@rule("DK541", "unused-asset", tags=TAGS, options=ASSETS_OPTION)
def unused_asset(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """An image file in the assets folder is not shown by any slide.

    ## What it does
    Lists the image files (`.svg`, `.png`, `.jpg`, `.gif`, `.webp`, `.avif`) under
    `assets_dir` and reports each one no image of the deck points at, in that file.
    Documentation such as `assets/STYLE.md` is not an asset and is left alone. With several
    decks sharing one folder, lint them together or suppress per deck.

    ## Why is this bad?
    Stale diagrams get reviewed, translated and shipped for nothing, and a renamed slide
    often leaves the real diagram unused while the deck shows an old copy.

    ## Example
    `assets/slide-12-old-roles.svg` after the slide switched to `slide-12-team-roles.svg`.

    ## Use instead
    Delete the file, or show it.

    ## Options
    - `assets_dir` (default `"../assets"`, relative to the deck).
    """
    if not assets_dir(deck, ctx).is_dir():
        return
    for path in unused_assets(deck, ctx, suffix=None):
        if path.suffix.lower() in IMAGE_SUFFIXES:
            yield Finding(Span(1, 1), f"{path.name} is not used by any slide of {deck.path.name}",
                          None, path=path)
