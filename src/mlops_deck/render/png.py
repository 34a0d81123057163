"""PNG export: one screenshot per slide, ``png/NNN.png``, from several pages in parallel.

Each worker page loads the built HTML in the print layout (every slide stacked at its
natural size) and screenshots the next slide from a shared queue until none is left.
``scale`` is the capture's scale: 2 gives 2560×1440 images for a 16:9 deck.
"""
from __future__ import annotations

import asyncio
import base64
import os
from pathlib import Path
from typing import Any, Awaitable, Collection

from .browser import Chromium

SLIDE_SELECTOR = "svg[data-marpit-svg]"


def png_name(index: int) -> str:
    """``001.png`` for slide 1: zero-padded so names sort in slide order."""
    return f"{index:03d}.png"


def default_workers() -> int:
    return max(2, min(4, os.cpu_count() or 2))


async def export_pngs(chrome: Chromium, html: Path, out_dir: Path, size: tuple[int, int], *,
                      scale: float = 1.0, workers: int | None = None,
                      extra_page: Awaitable[Any] | None = None,
                      only: Collection[int] | None = None) -> list[Path]:
    """Write every slide of ``html`` (or the 1-based slide numbers in ``only``) as
    ``out_dir/NNN.png``; returns the paths in order.

    ``workers`` pages take slides from a shared queue. ``extra_page``, when given, resolves
    later to a page already showing the deck (or None) that joins them when it is free."""
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = workers or default_workers()
    pages = await asyncio.gather(*(chrome.open_html(html, *size) for _ in range(workers)))
    count = await chrome.call(pages[0].locator(SLIDE_SELECTOR).count(), "counting slides")
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(count):
        if only is None or i + 1 in only:
            queue.put_nowait(i)

    async def late_worker() -> list[Path]:
        page = await extra_page
        return await _shoot(chrome, page, queue, out_dir, scale) if page is not None else []
    jobs = [_shoot(chrome, page, queue, out_dir, scale) for page in pages]
    done = await asyncio.gather(*jobs, *([late_worker()] if extra_page is not None else []))
    return sorted(path for paths in done for path in paths)


async def _shoot(chrome: Chromium, page: Any, queue: "asyncio.Queue[int]", out_dir: Path,
                 scale: float) -> list[Path]:
    """Scroll each slide into the viewport and capture its box through CDP: several times
    faster than element screenshots, which wait for scrolling and stability on every call.
    The clip's scale gives the pixel size (``scale`` 2: 2560x1440)."""
    await chrome.call(page.emulate_media(media="print"), "switching to the print layout")
    cdp = await chrome.call(page.context.new_cdp_session(page), "opening a DevTools session")
    written = []
    while not queue.empty():
        i = queue.get_nowait()
        path = out_dir / png_name(i + 1)
        box = await chrome.call(page.evaluate(SCROLL_TO_SLIDE, [SLIDE_SELECTOR, i]),
                                f"showing slide {i + 1}")
        # optimizeForSpeed: Chromium's fast PNG encoder; 2-3x quicker, files about twice
        # as large (still lossless). Encoding, not drawing, is the cost of a screenshot.
        params = {"format": "png", "fromSurface": True, "optimizeForSpeed": True}
        if scale != 1 or not box.pop("fills"):  # a clip costs a third more: only if needed
            params["clip"] = {**box, "scale": scale}
        shot = await chrome.call(cdp.send("Page.captureScreenshot", params),
                                 f"taking the screenshot of slide {i + 1}")
        path.write_bytes(base64.b64decode(shot["data"]))
        written.append(path)
    return written


# Scrolls the slide to the viewport's top-left; returns its box in document coordinates
# (what Page.captureScreenshot's clip expects) and whether it now fills the viewport
# exactly (then the plain viewport capture is the slide).
SCROLL_TO_SLIDE = """([selector, i]) => {
  const slide = document.querySelectorAll(selector)[i];
  let r = slide.getBoundingClientRect();
  window.scrollBy(r.left, r.top);
  r = slide.getBoundingClientRect();
  const fills = r.left === 0 && r.top === 0 && r.width === window.innerWidth
                && r.height === window.innerHeight;
  return {x: r.left + window.scrollX, y: r.top + window.scrollY,
          width: r.width, height: r.height, fills};
}"""
