"""DK530: every SVG diagram has a text alternative."""
from __future__ import annotations

import re
from typing import Iterator

from ...model import Deck
from ..registry import Finding, RuleContext, rule
from .svg_common import ASSETS_OPTION, memo, root_facts, svg_root, svg_targets
from .svg_style import local

TAGS = ("svg", "assets", "accessibility")
# Words left in an alt text that say nothing about the picture (``w:800 center`` leaves
# "center": Marp has no inline centring keyword, so the word stays in the alt).
FILLER = frozenset({"center", "centre", "left", "right", "image", "img", "picture", "diagram",
                    "figure", "fig", "svg", "図", "画像", "イメージ"})


def title_of(root) -> str:
    """The text of the root's first ``<title>`` child ('' if none)."""
    for child in root:
        if isinstance(child.tag, str) and local(child) == "title":
            return " ".join("".join(child.itertext()).split())
    return ""


def describes(alt: str, stem: str) -> bool:
    words = [w for w in re.split(r"\s+", alt.strip()) if w]
    meaningful = [w for w in words if w.lower() not in FILLER]
    return bool(meaningful) and alt.strip().lower() != stem.lower()


@rule("DK530", "svg-no-text-alternative", tags=TAGS, options=ASSETS_OPTION)
def svg_no_text_alternative(deck: Deck, ctx: RuleContext) -> Iterator[Finding]:
    """SVG diagram has neither a `<title>` nor alt text that describes it.

    ## What it does
    Reports an SVG whose root has no non-empty `<title>` child, when the markdown alt text
    (what is left after Marp consumes keywords like `w:800`) is empty, only layout words such
    as `center`, or just the file name. An SVG no slide uses needs a `<title>`.

    ## Why is this bad?
    Screen readers announce an unlabelled image as "image" (or its file name), and the PDF's
    tagged text has nothing for the diagram, so the slide's main content is lost to them.

    ## Example
    ```markdown
    ![w:800 center](../assets/slide-03-what-is-mlops.svg)
    ```
    with no `<title>` in the SVG.

    ## Use instead
    ```xml
    <svg …><title>MLOps：ML・Dev・Opsの3領域が交差する部分</title>…</svg>
    ```
    or `![w:800 MLOpsの3領域の重なり](…)`.

    ## Options
    - `assets_dir`: as for DK510.
    """
    for target in svg_targets(deck, ctx):
        root = root_facts(ctx, target.file)
        if root is None or memo(ctx, target.file, "title.v1",
                                lambda f: title_of(svg_root(ctx, f))):
            continue
        alt = target.image.alt if target.image else ""
        if target.image and describes(alt, target.file.path.stem):
            continue
        said = f'and the alt text "{alt}" does not describe it' if alt.strip() else \
            "and no alt text"
        yield target.finding(f"no <title> {said}", root["line"])
