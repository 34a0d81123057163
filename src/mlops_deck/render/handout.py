"""Handout PDF: on each A4 page one slide (still vector, text selectable) and its notes.

The deck's own HTML is reused: a script wraps every slide's ``<svg>`` in a page block,
scales it to the page width (an SVG scales without re-layout) and puts the slide's notes
under it; a print style turns the slide-sized pages into A4 portrait pages.
"""
from __future__ import annotations

from typing import Any

from ..model import Deck
from .browser import Chromium
from .notes import slide_heading, slide_notes
from .png import SLIDE_SELECTOR

HANDOUT_CSS = """
@page { size: A4 portrait; margin: 14mm 16mm; }
html, body { width: auto !important; height: auto !important; overflow: visible !important;
             background: #fff !important; margin: 0 !important; padding: 0 !important; }
html body svg[data-marpit-svg].mlops-handout-slide {
             display: block !important; width: 100% !important; height: auto !important;
             aspect-ratio: var(--mlops-ratio); outline: 0.3mm solid #999; margin: 0 !important;
             transform: none !important; position: static !important;
             break-before: auto !important; break-after: avoid !important; }
html body svg[data-marpit-svg].mlops-handout-slide > foreignObject > section {
             break-before: auto !important; break-after: auto !important; }
html body .mlops-handout-notes { break-after: page; display: block !important; color: #222;
             font: 11pt/1.6 "Noto Sans CJK JP", "Noto Sans JP", sans-serif; }
html body .mlops-handout-notes:last-of-type { break-after: auto; }
html body .mlops-handout-notes h2 { font-size: 12pt; margin: 5mm 0 2mm; color: #455a64; }
html body .mlops-handout-notes p { white-space: pre-wrap; margin: 0; }
"""

# The slides stay where they are (theme selectors such as `div#p > svg > foreignObject >
# section` must keep matching); each gets its notes right after it, and everything else
# on the page (controls, presenter view, note containers) is hidden.
BUILD_PAGES_JS = """([selector, notes, css, ratio]) => {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.appendChild(style);
  document.documentElement.style.setProperty('--mlops-ratio', ratio);
  const slides = Array.from(document.querySelectorAll(selector));
  const keep = new Set();
  slides.forEach((svg, i) => {
    svg.classList.add('mlops-handout-slide');
    const block = document.createElement('div');
    block.className = 'mlops-handout-notes';
    const note = notes[i] || {heading: '', text: ''};
    const h = document.createElement('h2');
    h.textContent = note.heading;
    const p = document.createElement('p');
    p.textContent = note.text;
    block.append(h, p);
    svg.after(block);
    keep.add(svg); keep.add(block);
    for (let a = svg.parentElement; a; a = a.parentElement) keep.add(a);
  });
  for (const el of keep) {
    if (el instanceof SVGElement || el.classList.contains('mlops-handout-notes')) continue;
    for (const child of el.children) {
      if (!keep.has(child)) child.style.setProperty('display', 'none', 'important');
    }
  }
  return slides.length;
}"""


async def print_handout(page: Any, chrome: Chromium, deck: Deck) -> bytes:
    """Rearrange the loaded deck into A4 handout pages and print them."""
    width, height = deck.size
    notes = [{"heading": slide_heading(s)[3:], "text": slide_notes(s)} for s in deck.slides]
    await chrome.call(page.emulate_media(media="print"), "switching to the print layout")
    await chrome.call(page.evaluate(BUILD_PAGES_JS, [SLIDE_SELECTOR, notes, HANDOUT_CSS,
                                                     f"{width} / {height}"]),
                      "laying out the handout")
    return await chrome.call(page.pdf(format="A4", print_background=True,
                                      prefer_css_page_size=True),
                             "printing the handout")
