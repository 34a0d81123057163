"""Record what marp-cli renders for the parity fixtures, as golden JSON files.

OPTIONAL developer tool: it needs Node and marp-cli, and the test suite never runs it.
Tests (tests/test_parity.py) only read the JSON files this script writes and commits.

For every ``tests/fixtures/parity/<case>.md`` (and for the live ``deck/mlops-guide.md``,
case ``deck``) it runs
marp-cli twice — bespoke HTML (the default template) and ``--notes`` — and extracts, per
slide, the facts our parser must agree with: section id, class attribute, pagination
number/total, header/footer text, first heading text, notes, inline images (src, alt,
width/height from the inline style), background images (the advanced-background
``<figure>`` markup marp-cli emits in inline-SVG mode) and code blocks. Output:
``tests/fixtures/parity/<case>.marp.json`` (``deck.marp.json`` for the live deck), each with
the SHA-256 of the source it saw, so tests notice a source that changed since.

``parity/mlops-guide.md`` is a frozen copy of the deck as delivered (125 slides); the live
deck is edited over time and must be re-recorded after each edit (``… deck``).

marp-cli: $MARP_CLI, else /work/scratch/marp/node_modules/.bin/marp, else `marp` on PATH.

    .venv/bin/python scripts/record_marp_goldens.py            # every fixture + the deck
    .venv/bin/python scripts/record_marp_goldens.py images     # only parity/images.md
    .venv/bin/python scripts/record_marp_goldens.py deck       # only deck/mlops-guide.md
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parents[1]
PARITY = ROOT / "tests" / "fixtures" / "parity"
DECK = ROOT / "deck" / "mlops-guide.md"
NOTE_SEPARATOR = "\n\n---\n\n"  # marp-cli --notes: one chunk per slide (spec §1)
HEADINGS = " or ".join(f"self::h{n}" for n in range(1, 7))
OUTSIDE_CHROME = "not(ancestor::header) and not(ancestor::footer)"


def marp_command() -> list[str]:
    if os.environ.get("MARP_CLI"):
        return os.environ["MARP_CLI"].split()
    local = Path("/work/scratch/marp/node_modules/.bin/marp")
    if local.exists():
        return [str(local)]
    if shutil.which("marp"):
        return ["marp"]
    sys.exit("record_marp_goldens: marp-cli not found; set MARP_CLI (needs Node)")


def run_marp(source: Path, out: Path, *extra: str) -> None:
    cmd = [*marp_command(), "--no-config-file", *extra, str(source), "-o", str(out)]
    env = {**os.environ, "LANG": "C", "LC_ALL": "C"}  # the lang attribute follows the locale
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE, timeout=300)


def marp_version() -> str:
    done = subprocess.run([*marp_command(), "--version"], capture_output=True, text=True)
    return done.stdout.strip()


def style_map(style: str | None) -> dict[str, str]:
    out = {}
    for part in (style or "").split(";"):
        if ":" in part:
            key, value = part.split(":", 1)
            out[key.strip()] = value.strip()
    return out


def text_or_none(element) -> str | None:
    return None if element is None else element.text_content().strip()


def first(elements):
    return elements[0] if elements else None


def inline_images(section) -> list[dict]:
    found = []
    for img in section.xpath(f".//img[{OUTSIDE_CHROME}]"):
        if "emoji" in (img.get("class") or "").split():
            continue
        style = style_map(img.get("style"))
        found.append({"src": img.get("src"), "alt": img.get("alt"), "title": img.get("title"),
                      "width": style.get("width"), "height": style.get("height"),
                      "filter": style.get("filter"), "background": False,
                      "in_list_item": bool(img.xpath("ancestor::li"))})
    return found


def background_images(layer) -> list[dict]:
    found = []
    for figure in layer.xpath(".//figure"):
        style = style_map(figure.get("style"))
        url = re.fullmatch(r'url\("(.*)"\)', style.get("background-image", ""), re.S)
        found.append({"src": url.group(1) if url else None,
                      "alt": text_or_none(first(figure.xpath("./figcaption"))) or "",
                      "size": style.get("background-size"), "filter": style.get("filter"),
                      "background": True})
    return found


def background_layout(layer) -> dict:
    if layer is None:
        return {"split": None, "split_size": None, "direction": None}
    container = first(layer.xpath(".//*[@data-marpit-advanced-background-container]"))
    return {"split": layer.get("data-marpit-advanced-background-split"),
            "split_size": style_map(layer.get("style")).get("--marpit-advanced-background-split"),
            "direction": None if container is None else
            container.get("data-marpit-advanced-background-direction")}


def int_or_none(value: str | None) -> int | None:
    return int(value) if value is not None else None


def slide_facts(svg, notes: dict[int, list[str]], chunks: list[str]) -> dict:
    content = first(svg.xpath(".//section[@id]"))
    layer = first(svg.xpath(".//section[@data-marpit-advanced-background='background']"))
    index = int(content.get("id"))
    heading = first(content.xpath(f"(.//*[{HEADINGS}][{OUTSIDE_CHROME}])[1]"))
    codes = content.xpath(f".//pre[{OUTSIDE_CHROME}]/code")
    return {
        "index": index,
        "id": content.get("id"),
        "class": content.get("class"),
        "page_number": int_or_none(content.get("data-marpit-pagination")),
        "page_total": int_or_none(content.get("data-marpit-pagination-total")),
        "header": text_or_none(first(content.xpath("./header"))),
        "footer": text_or_none(first(content.xpath("./footer"))),
        "title": text_or_none(heading),
        "theme": content.get("data-theme"),
        "lang": content.get("lang"),
        "size": content.get("data-size"),
        # one data-* attribute per directive in effect with a truthy value (Marpit's apply)
        "data": {name[5:]: value for name, value in content.attrib.items()
                 if name.startswith("data-") and not name.startswith("data-marpit")},
        "notes": notes.get(index - 1, []),
        "notes_text": chunks[index - 1] if index - 1 < len(chunks) else "",
        "images": inline_images(content) + ([] if layer is None else background_images(layer)),
        "background": background_layout(layer),
        "code_blocks": [_code_lang(code) for code in codes],
    }


def _code_lang(code) -> dict:
    classes = (code.get("class") or "").split()
    lang = next((c[len("language-"):] for c in classes if c.startswith("language-")), None)
    return {"lang": lang, "lines": len(code.text_content().rstrip("\n").split("\n"))}


def extract(html_text: str, notes_text: str) -> dict:
    doc = lxml_html.fromstring(html_text)
    notes: dict[int, list[str]] = {}
    for div in doc.xpath("//div[contains(concat(' ', @class, ' '), ' bespoke-marp-note ')]"):
        notes[int(div.get("data-index"))] = [p.text_content() for p in div.xpath("./p")]
    svgs = doc.xpath("//svg[@data-marpit-svg]")
    chunks = notes_text.split(NOTE_SEPARATOR) if notes_text else [""] * len(svgs)
    view_box = [int(float(n)) for n in svgs[0].get("viewbox").split()[2:]] if svgs else None
    slides = [slide_facts(svg, notes, chunks) for svg in svgs]
    return {"slide_count": len(slides), "view_box": view_box,
            "notes_chunks": len(chunks), "slides": slides}


def record(source: Path, target: Path, version: str) -> None:
    data = source.read_bytes()  # one snapshot: the deck may be edited while marp-cli runs
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / source.name  # image URLs stay as written; only facts are read
        copy.write_bytes(data)
        html_out, notes_out = Path(tmp) / "deck.html", Path(tmp) / "deck.txt"
        run_marp(copy, html_out)
        run_marp(copy, notes_out, "--notes")
        facts = extract(html_out.read_text(encoding="utf-8"),
                        notes_out.read_text(encoding="utf-8"))
    facts = {"source": source.relative_to(ROOT).as_posix(), "recorded_with": version,
             "source_sha256": hashlib.sha256(data).hexdigest(), **facts}
    target.write_text(json.dumps(facts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{target.relative_to(ROOT)}: {facts['slide_count']} slides", flush=True)


def main(argv: list[str]) -> int:
    version = marp_version()
    cases = argv or [p.stem for p in sorted(PARITY.glob("*.md"))] + ["deck"]
    for case in cases:
        source = DECK if case == "deck" else PARITY / f"{case}.md"
        record(source, PARITY / f"{case}.marp.json", version)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
