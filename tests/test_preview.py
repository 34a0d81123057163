"""`mlops-deck preview` end to end: a real server on loopback, real file edits, real Chromium.

The deck is a copy of the shipped one in a temporary folder (its images are missing there,
so they render as broken-image boxes; that keeps lint fast and changes nothing else)."""
from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mlops_deck.preview import Preview, deck_renderer, make_server, serve

from conftest import DECK

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
MLOPS_DECK = Path(sys.executable).with_name("mlops-deck")


class Running:
    """A preview server serving a copy of the deck, in this process."""

    def __init__(self, folder: Path):
        self.deck = folder / "deck" / "mlops-guide.md"
        self.deck.parent.mkdir(parents=True)
        shutil.copy(DECK, self.deck)
        self.preview = Preview(self.deck, deck_renderer(folder))
        self.server = make_server(self.preview, "127.0.0.1", 0)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=serve, args=(self.server, self.preview),
                                       daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 60
        while self.preview.snapshot.version < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self.preview.wait_linted(60).html, "first render did not finish"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def edit(self, old: str, new: str) -> None:
        text = self.deck.read_text(encoding="utf-8")
        assert old in text
        self.write(text.replace(old, new, 1).encode())

    def write(self, data: bytes) -> None:
        """Save like an editor does: write a temp file, rename it over the deck."""
        temp = self.deck.with_suffix(".md.tmp~")
        temp.write_bytes(data)
        os.replace(temp, self.deck)

    def stop(self) -> None:
        self.server.closing = True
        self.server.shutdown()


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    r = Running(tmp_path_factory.mktemp("preview"))
    yield r
    r.stop()


def get(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


@pytest.mark.parametrize("path", [
    "/../pyproject.toml", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
    "/deck/mlops-guide.md", "/deck/", "/mlops-guide.md", "//etc/passwd", "/__mlops/",
    "/assets/slide-03-what-is-mlops.svg", "/..\\..\\etc\\passwd"])
def test_only_the_deck_is_served(running, path):
    status, body = get(running.port, path)
    assert status == 404
    assert b"root:" not in body and b"marp" not in body


def test_deck_and_state_are_served(running):
    status, body = get(running.port, "/")
    assert status == 200 and b"data-marpit-svg" in body and b"/__mlops/client.js" in body
    status, body = get(running.port, "/__mlops/state")
    assert status == 200 and b'"findings"' in body


@pytest.fixture(scope="module")
def page(running):
    if not Path(CHROME).exists():
        pytest.skip("no Chromium at " + CHROME)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROME, args=ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 720})
        tab.goto(running.url + "#5")
        tab.wait_for_selector("#mlops-preview-panel")
        yield tab
        browser.close()


def shown_slide(page) -> int:
    return page.evaluate("""() => {
      const all = [...document.querySelectorAll('svg[data-marpit-svg]')];
      const shown = all.filter(s => getComputedStyle(s).display !== 'none');
      return shown.length === 1 ? all.indexOf(shown[0]) + 1 : -shown.length; }""")


def slide_text(page, n: int) -> str:
    return page.evaluate(f"() => document.querySelectorAll('svg[data-marpit-svg]')[{n - 1}]"
                         ".textContent")


def test_edit_shows_without_manual_reload_on_the_same_slide(running, page):
    page.wait_for_function("() => document.querySelectorAll('svg[data-marpit-svg]').length == 125")
    assert shown_slide(page) == 5
    page.evaluate("window.__still_the_same_page = true")
    running.edit("# MLライフサイクル全体像", "# MLライフサイクル全体像（改訂）")
    page.wait_for_function("() => document.querySelectorAll('svg[data-marpit-svg]')[4]"
                           ".textContent.includes('（改訂）')", timeout=20000)
    assert shown_slide(page) == 5
    assert page.evaluate("location.hash") == "#5"
    # only the changed slide was swapped in: no reload of the whole page
    assert page.evaluate("window.__still_the_same_page === true")


def test_a_change_outside_the_slides_reloads_the_page_on_the_same_slide(running, page):
    page.evaluate("location.hash = '#6'; window.__still_the_same_page = true")
    page.wait_for_function("() => location.hash === '#6'")
    running.edit("section.lead h1 {", "section.lead h1 { letter-spacing: 2px;")
    page.wait_for_function("() => window.__still_the_same_page === undefined && "
                           "document.body.hasAttribute('data-ready')", timeout=20000)
    page.wait_for_selector("#mlops-preview-panel")
    assert shown_slide(page) == 6
    running.edit("section.lead h1 { letter-spacing: 2px;", "section.lead h1 {")


def test_finding_appears_after_an_edit_and_goes_after_the_fix(running, page):
    marker = "<!-- _clas: lead -->"  # a near-miss of `_class`: Marp keeps it as a note
    running.edit("# MLライフサイクル全体像", marker + "\n# MLライフサイクル全体像")
    page.wait_for_function("() => [...document.querySelectorAll('#mlops-preview-panel .finding')]"
                           ".some(r => r.textContent.includes('DK206'))", timeout=30000)
    badge = page.locator("svg[data-marpit-svg] >> nth=4").locator(".mlops-badge")
    assert badge.count() == 1
    running.edit(marker + "\n", "")
    page.wait_for_function("() => ![...document.querySelectorAll('#mlops-preview-panel .finding')]"
                           ".some(r => r.textContent.includes('DK206'))", timeout=30000)


def test_clicking_a_finding_jumps_to_its_slide(running, page):
    marker = "<!-- _pagniate: false -->"  # another near-miss directive, on slide 7
    running.edit("# MLOps成熟度モデル", marker + "\n# MLOps成熟度モデル")
    row = page.locator("#mlops-preview-panel .finding[data-slide='7']").first
    row.wait_for(timeout=30000)
    row.click()
    page.wait_for_function("() => location.hash === '#7'")
    assert shown_slide(page) == 7
    running.edit(marker + "\n", "")


def test_broken_save_shows_an_error_and_the_next_good_save_recovers(running, page):
    good = running.deck.read_bytes()
    running.write(b"---\nmarp: true\n" + b"\xff\xfe broken \x00")
    page.wait_for_function("() => document.querySelector('#mlops-preview-panel .error')",
                           timeout=20000)
    assert page.locator("svg[data-marpit-svg]").count() == 125  # last good render stays
    running.write(good.replace("アジェンダ".encode(), "アジェンダ（復旧）".encode()))
    page.wait_for_function("() => !document.querySelector('#mlops-preview-panel .error') && "
                           "document.body.textContent.includes('（復旧）')", timeout=20000)


def test_port_taken_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([str(MLOPS_DECK), "preview", str(DECK), "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_ctrl_c_stops_cleanly(tmp_path):
    deck = tmp_path / "talk.md"
    deck.write_text("---\nmarp: true\n---\n\n# Hello\n", encoding="utf-8")
    proc = subprocess.Popen([str(MLOPS_DECK), "preview", str(deck), "--port", "0"],
                            stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stderr.readline()
        port = int(re.search(r":(\d+)/", first).group(1))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if b"Hello" in get(port, "/")[1]:
                break
            time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        assert proc.wait(timeout=15) == 0
    finally:
        proc.kill()
    assert "preview stopped" in rest and "Traceback" not in rest
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1)


def test_non_loopback_host_warns(tmp_path):
    deck = tmp_path / "missing.md"
    done = subprocess.run([str(MLOPS_DECK), "preview", str(deck), "--host", "0.0.0.0"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "no such file" in done.stderr
    assert "warning: serving on 0.0.0.0" in done.stderr
