"""Measure what does not fit on each rendered slide (the browser side of the DK6xx rules).

With the deck's HTML open in Chromium (print layout: every slide at its natural size), a
script walks every slide section and reports, per element carrying ``data-line``:

* its border box against the section's content area (the section box minus its computed
  padding: 70 px on each side in gaia) and against the slide itself (what is cut off);
* inline content wider than the element's own box (``scrollWidth > clientWidth``): a long
  word that cannot break, a code line wider than its block.

The result is :class:`mlops_deck.layout.DeckLayout`; the lint rules turn it into findings.
"""
from __future__ import annotations

from typing import Any

from ..layout import Box, DeckLayout, Overflow, Sides, SlideLayout
from .browser import Chromium

SLIDES_SELECTOR = "svg[data-marpit-svg]"

# Runs in the page. Returns plain JSON; all geometry in slide pixels relative to the slide's
# <svg> (divided by its rendered scale, so it holds whatever the page zoom or transform).
# A slide with advanced backgrounds has three sections in its svg (background, content,
# pseudo); the content section is the one measured, and a split background narrows it.
MEASURE_JS = r"""
(selector) => {
  const TOL = 1;  // sub-pixel rounding is not overflow
  const SKIP = new Set(['HEADER', 'FOOTER', 'STYLE', 'SCRIPT', 'BR']);
  const out = [];
  const slides = Array.from(document.querySelectorAll(selector));
  slides.forEach((svg, i) => {
    const section = Array.from(svg.querySelectorAll(':scope > foreignObject > section')).find(
      s => s.dataset.marpitAdvancedBackground !== 'background'
           && s.parentElement.dataset.marpitAdvancedBackground !== 'pseudo');
    if (!section) return;
    const vr = svg.getBoundingClientRect();
    const W = svg.viewBox.baseVal.width || vr.width, H = svg.viewBox.baseVal.height || vr.height;
    const scale = vr.width / W || 1;
    const rel = el => {
      const r = el.getBoundingClientRect();
      return {x: (r.left - vr.left) / scale, y: (r.top - vr.top) / scale,
              width: r.width / scale, height: r.height / scale};
    };
    const cs = getComputedStyle(section);
    const pad = k => parseFloat(cs['padding' + k]) || 0;
    const sb = rel(section);
    const content = {x: sb.x + pad('Left'), y: sb.y + pad('Top'),
                     width: sb.width - pad('Left') - pad('Right'),
                     height: sb.height - pad('Top') - pad('Bottom')};
    const past = (b, area) => ({
      top: Math.max(0, area.y - b.y), left: Math.max(0, area.x - b.x),
      bottom: Math.max(0, b.y + b.height - (area.y + area.height)),
      right: Math.max(0, b.x + b.width - (area.x + area.width))});
    const slideArea = {x: 0, y: 0, width: W, height: H};
    const items = [];
    const lined = Array.from(section.querySelectorAll('[data-line]'));
    // Inline overflow counts once, on the innermost element (ancestors inherit it).
    const wide = lined.filter(el => el.tagName !== 'IMG' && el.scrollWidth - el.clientWidth > TOL);
    const innermost = new Set(wide.filter(el => !wide.some(o => o !== el && el.contains(o))));
    for (const el of lined) {
      if (el.closest('header, footer') || SKIP.has(el.tagName)) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const box = rel(el);
      if (box.width === 0 && box.height === 0) continue;
      // A paragraph holding just an image: the image is measured itself (the paragraph's
      // line box only adds the strut's descent below it, which draws nothing).
      if (el.tagName === 'P' && el.children.length === 1 && el.children[0].tagName === 'IMG'
          && !el.textContent.trim()) continue;
      const excess = innermost.has(el) ? el.scrollWidth - el.clientWidth : 0;
      const beyondContent = past(box, content), beyondSlide = past(box, slideArea);
      const outside = Object.values(beyondContent).some(v => v > TOL);
      if (!outside && excess <= TOL) continue;
      items.push({
        line: parseInt(el.dataset.line, 10) || null, tag: el.tagName.toLowerCase(),
        onlyImage: el.tagName === 'P' && el.children.length === 1
                   && el.children[0].tagName === 'IMG' && !el.textContent.trim(),
        box, beyondContent, beyondSlide, excess,
        excerpt: (el.tagName === 'IMG' ? (el.getAttribute('src') || '') : el.textContent)
                   .trim().replace(/\s+/g, ' ').slice(0, 60)});
    }
    out.push({index: i + 1, line: parseInt(section.dataset.line, 10) || null,
              width: W, height: H, content, items});
  });
  return out;
}
"""


async def measure_page(page: Any, chrome: Chromium) -> DeckLayout:
    """Measure every slide of the deck already loaded in ``page``."""
    await chrome.call(page.emulate_media(media="print"), "switching to the print layout")
    await chrome.call(page.evaluate("document.fonts.ready.then(() => true)"), "loading fonts")
    raw = await chrome.call(page.evaluate(MEASURE_JS, SLIDES_SELECTOR), "measuring the slides")
    version = chrome.browser.version if chrome.browser else ""
    return DeckLayout(tuple(_slide(s) for s in raw), f"Chromium {version}".strip())


def _slide(raw: dict[str, Any]) -> SlideLayout:
    return SlideLayout(raw["index"], raw["line"], raw["width"], raw["height"],
                       Box(**raw["content"]),
                       tuple(_overflow(raw["index"], item) for item in raw["items"]))


def _overflow(slide: int, item: dict[str, Any]) -> Overflow:
    return Overflow(slide=slide, line=item["line"], kind=element_kind(item),
                    tag=item["tag"], box=Box(**item["box"]),
                    beyond_content=Sides(**item["beyondContent"]),
                    beyond_slide=Sides(**item["beyondSlide"]),
                    inline_excess=round(item["excess"], 1), excerpt=item["excerpt"])


KINDS = {"pre": "code block", "marp-pre": "code block", "code": "code", "ul": "list",
         "ol": "list", "li": "list item", "p": "paragraph", "img": "image", "table": "table",
         "tr": "table row", "td": "table cell", "th": "table cell", "blockquote": "quote",
         "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
         "h6": "heading", "marp-h1": "heading", "figure": "image", "hr": "rule"}


def element_kind(item: dict[str, Any]) -> str:
    """A reader's name for the element ("code block", "list"...)."""
    if item.get("onlyImage"):
        return "image"
    return KINDS.get(item["tag"], item["tag"])
