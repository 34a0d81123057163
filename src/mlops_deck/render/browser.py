"""The system Chromium, driven by Playwright: found, launched, timed out and cleaned up.

We start the browser process ourselves (never Playwright's bundled download) with a private
profile in a temp folder, and connect Playwright to it over CDP. Owning the process lets us
kill its whole process group when a call hangs, remove the profile afterwards, and tie the
browser's life to ours (Linux: it gets SIGKILL when we die), so nothing is left behind.

Use :func:`run_in_browser`: it runs an async job with a fresh browser, retries once when the
browser crashes, and turns every failure into a one-line :class:`BrowserError`.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable, TypeVar

T = TypeVar("T")

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                 "chrome", "microsoft-edge", "microsoft-edge-stable", "msedge")
MAC_APPS = ("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge")
LAUNCH_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--no-default-browser-check", "--hide-scrollbars", "--mute-audio",
               "--disable-extensions", "--remote-debugging-port=0")
PROFILE_PREFIX = "mlops-deck-chrome-"
INSTALL_HINT = ("install Chromium (Debian/Ubuntu: `apt-get install chromium`; macOS: install "
                "Google Chrome) or set CHROME_PATH to a Chromium-based browser")
DEFAULT_TIMEOUT = 60.0  # seconds for one browser call (a PDF of 125 slides takes ~2 s)


class BrowserError(RuntimeError):
    """A browser problem the user can act on; the CLI prints it as one line (exit 2)."""


class BrowserCrash(BrowserError):
    """The browser process died while working (retried once by :func:`run_in_browser`)."""


def find_browser(env: dict[str, str] | None = None) -> str:
    """CHROME_PATH, then the usual names on PATH, then the macOS app bundles."""
    env = dict(os.environ if env is None else env)
    explicit = env.get("CHROME_PATH")
    if explicit:
        if Path(explicit).is_file() and os.access(explicit, os.X_OK):
            return explicit
        raise BrowserError(f"CHROME_PATH={explicit} is not an executable file; {INSTALL_HINT}")
    for name in BROWSER_NAMES:
        found = shutil.which(name, path=env.get("PATH"))
        if found:
            return found
    if sys.platform == "darwin":
        for app in MAC_APPS:
            if Path(app).is_file():
                return app
    raise BrowserError(f"no Chromium-based browser found; {INSTALL_HINT}")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: SIGKILL the browser if this process dies, so a killed build leaves no orphan."""
    os.setsid()
    with contextlib.suppress(Exception):
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@dataclass
class Chromium:
    """One running browser process with its private profile and Playwright connection."""

    executable: str
    timeout: float = DEFAULT_TIMEOUT
    profile: Path = field(init=False)
    process: subprocess.Popen | None = field(init=False, default=None)
    browser: Any = field(init=False, default=None)
    _playwright: Any = field(init=False, default=None)
    _spare: dict = field(init=False, default_factory=dict)  # (w, h, scale) -> ready page

    async def start(self) -> "Chromium":
        from playwright.async_api import async_playwright
        self.profile = Path(tempfile.mkdtemp(prefix=PROFILE_PREFIX))
        self.process = subprocess.Popen(
            [self.executable, *LAUNCH_ARGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            start_new_session=sys.platform != "linux" and os.name == "posix")
        # Playwright's driver (a Node process) starts while the browser boots. Its temp
        # folder (playwright-artifacts-*) is removed when the driver stops.
        self._playwright = await self.call(async_playwright().start(), "starting Playwright")
        port = await self.call(self._wait_for_port(), "starting the browser")
        self.browser = await self.call(
            self._playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}",
                                                       timeout=self.timeout * 1000),
            "connecting to the browser")
        return self

    async def _wait_for_port(self) -> str:
        marker = self.profile / "DevToolsActivePort"
        while True:
            if self.process.poll() is not None:
                raise BrowserError(f"{self.executable} exited at start-up "
                                   f"(code {self.process.returncode}); {INSTALL_HINT}")
            lines = marker.read_text().splitlines() if marker.exists() else []
            if len(lines) >= 2:
                return lines[0]
            await asyncio.sleep(0.02)

    async def call(self, awaitable: Awaitable[T], what: str) -> T:
        """Await one browser call with the timeout; a dead browser becomes BrowserCrash."""
        try:
            return await asyncio.wait_for(awaitable, self.timeout)
        except asyncio.TimeoutError:
            raise BrowserError(f"the browser did not answer within {self.timeout:g} s "
                               f"while {what}") from None
        except BrowserError:
            raise
        except Exception as exc:  # Playwright's errors: target closed, protocol errors...
            if await self._died():
                raise BrowserCrash(f"the browser crashed while {what}") from exc
            raise BrowserError(f"the browser failed while {what}: "
                               f"{str(exc).splitlines()[0]}") from exc

    async def _died(self, grace: float = 3.0) -> bool:
        """Whether the browser is gone. A killed process takes a moment to be reaped and
        the connection a moment to notice, so look for up to ``grace`` seconds."""
        for _ in range(int(grace / 0.05)):
            if not self.alive or (self.browser is not None and not self.browser.is_connected()):
                return True
            await asyncio.sleep(0.05)
        return False

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    async def warm_up(self, width: int, height: int, scale: float = 1.0) -> None:
        """Open a page ahead of time (a context and its renderer process take a moment to
        start); the next :meth:`new_page` of that size takes it."""
        self._spare[(width, height, scale)] = await self._open_page(width, height, scale)

    async def new_page(self, width: int, height: int, scale: float = 1.0) -> Any:
        spare = self._spare.pop((width, height, scale), None)
        return spare if spare is not None else await self._open_page(width, height, scale)

    async def _open_page(self, width: int, height: int, scale: float) -> Any:
        context = await self.call(self.browser.new_context(
            viewport={"width": width, "height": height}, device_scale_factor=scale),
            "opening a page")
        context.set_default_timeout(self.timeout * 1000)
        return await self.call(context.new_page(), "opening a page")

    async def open_html(self, path: Path, width: int, height: int, scale: float = 1.0) -> Any:
        """A page showing the HTML file ``path``; it may read local files, never the network."""
        page = await self.new_page(width, height, scale)
        await self.call(page.route("**/*", _local_only), "blocking network access")
        await self.call(page.goto(Path(path).resolve().as_uri(), wait_until="load"),
                        f"loading {path}")
        await self.call(page.evaluate("document.fonts.ready.then(() => true)"), "loading fonts")
        return page

    async def close(self) -> None:
        """End the process group, stop Playwright's driver, remove the profile. Never raises.
        (Killing first: a polite browser.close() only adds a round trip; nothing is kept.)"""
        self._kill()
        if self._playwright is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._playwright.stop(), 5)
        shutil.rmtree(self.profile, ignore_errors=True)

    def _kill(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
            if hasattr(os, "killpg"):
                os.killpg(self.process.pid, signal.SIGKILL)  # browser, zygotes and renderers
            else:  # pragma: no cover - Windows
                self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)


async def _local_only(route: Any) -> None:
    """Exports are offline and reproducible: anything but file:/data:/blob: is refused."""
    if route.request.url.split(":", 1)[0] in ("file", "data", "blob", "about"):
        await route.continue_()
    else:
        await route.abort("blockedbyclient")


Job = Callable[[Chromium], Awaitable[T]]


async def _attempt(job: Job, executable: str, timeout: float) -> T:
    chrome = Chromium(executable, timeout)
    try:
        await chrome.start()
        return await job(chrome)
    finally:
        await chrome.close()


async def _with_retry(job: Job, executable: str, timeout: float) -> T:
    try:
        return await _attempt(job, executable, timeout)
    except BrowserCrash:
        try:
            return await _attempt(job, executable, timeout)
        except BrowserCrash as exc:
            raise BrowserError(f"{exc} (twice; retried once)") from None


def run_in_browser(job: Job, *, timeout: float = DEFAULT_TIMEOUT,
                   executable: str | None = None) -> T:
    """Run ``await job(chromium)`` in a fresh system browser and return its result.

    Synchronous for callers; runs its own event loop (in a worker thread when the caller
    already has one running, e.g. a preview server)."""
    executable = executable or find_browser()
    coro_factory = lambda: _with_retry(job, executable, timeout)  # noqa: E731
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro_factory())
    result: dict[str, Any] = {}

    def worker() -> None:
        try:
            result["value"] = asyncio.run(coro_factory())
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller's thread
            result["error"] = exc
    thread = threading.Thread(target=worker, name="mlops-deck-browser")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]
