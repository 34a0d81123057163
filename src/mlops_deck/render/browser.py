"""The system Chromium, driven by Playwright: found, launched, timed out and cleaned up.

Playwright launches the system browser (``executable_path``: never its bundled download)
and talks to it over a pipe, which moves screenshots and PDFs about twice as fast as the
DevTools WebSocket. Playwright's driver gets a private temp folder of ours as its TMPDIR, so
the browser's profile, shared-memory files and artifacts all live in that one folder: every
browser process names it on its command line (how a hung browser is found and killed) and
it is removed afterwards. If we die, the driver sees its pipe close, kills the browser and
removes what it made, so nothing is left behind.

Use :func:`run_in_browser`: it runs an async job with a fresh browser, retries once when the
browser crashes, and turns every failure into a one-line :class:`BrowserError`.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator, TypeVar

from .launch_args import launch_args  # Playwright adds its automation defaults; ours on top

T = TypeVar("T")

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                 "chrome", "microsoft-edge", "microsoft-edge-stable", "msedge")
MAC_APPS = ("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
            "/Applications/Chromium.app/Contents/MacOS/Chromium",
            "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge")
PROFILE_PREFIX = "mlops-deck-chrome-"
INSTALL_HINT = ("install Chromium (Debian/Ubuntu: `apt-get install chromium`; macOS: install "
                "Google Chrome) or set CHROME_PATH to a Chromium-based browser")
DEFAULT_TIMEOUT = 60.0  # seconds for one browser call (a PDF of 125 slides takes ~2 s)
_ENV_LOCK = threading.Lock()


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


@contextlib.contextmanager
def _driver_tmpdir(folder: Path) -> Iterator[None]:
    """TMPDIR is ``folder`` for the Playwright driver started inside this block (it copies
    our environment when it starts; our own ``tempfile`` has read TMPDIR long before).
    One start at a time per process: the lock is held across the driver's start-up, so two
    browsers must not be started concurrently in one event loop (none are)."""
    tempfile.gettempdir()  # make sure this process's temp dir is settled first
    with _ENV_LOCK:
        old = os.environ.get("TMPDIR")
        os.environ["TMPDIR"] = str(folder)
        try:
            yield
        finally:
            if old is None:
                os.environ.pop("TMPDIR", None)
            else:
                os.environ["TMPDIR"] = old


def _private_folder() -> Path:
    """A new temp folder for one browser. Chromium puts a Unix socket three levels down
    (``org.chromium.Chromium.XXXXXX/SingletonSocket``) and dies if its path passes ~104
    bytes, so a long temp dir (macOS's ``/var/folders/…``, a test's) is swapped for /tmp."""
    base = tempfile.gettempdir()
    if len(base) + len(PROFILE_PREFIX) + 60 > 100 and os.path.isdir("/tmp"):
        base = "/tmp"
    return Path(tempfile.mkdtemp(prefix=PROFILE_PREFIX, dir=base))


def processes_in(folder: Path) -> list[tuple[int, bool]]:
    """(pid, is the browser's main process) of live processes naming ``folder`` on their
    command line: the browser (its profile is in there) and its helper processes."""
    needle, found = str(folder).encode(), []
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[-1].split()[0]
        except OSError:
            continue
        if needle in cmdline and state != "Z":
            found.append((int(entry.name), b"--type=" not in cmdline))
    return found


@dataclass
class Chromium:
    """One running browser with its private temp folder and Playwright connection."""

    executable: str
    timeout: float = DEFAULT_TIMEOUT
    profile: Path | None = field(init=False, default=None)  # private temp folder, has the profile
    browser: Any = field(init=False, default=None)
    _playwright: Any = field(init=False, default=None)
    _spare: dict = field(init=False, default_factory=dict)  # (w, h, scale) -> ready page

    async def start(self) -> "Chromium":
        from playwright.async_api import async_playwright
        self.profile = _private_folder()
        with _driver_tmpdir(self.profile):
            self._playwright = await self.call(async_playwright().start(), "starting Playwright")
        try:
            self.browser = await self.call(self._playwright.chromium.launch(
                executable_path=self.executable, args=launch_args(), headless=True,
                timeout=self.timeout * 1000, handle_sigint=False, handle_sigterm=False,
                handle_sighup=False), "starting the browser")
        except BrowserError as exc:
            raise BrowserError(f"{self.executable} did not start ({exc}); {INSTALL_HINT}") \
                from None
        return self

    @property
    def browser_pid(self) -> int | None:
        """The browser's main process (its helpers share its process group)."""
        return next((pid for pid, main in processes_in(self.profile) if main), None) \
            if self.profile is not None else None

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
            if not self.alive:
                return True
            await asyncio.sleep(0.05)
        return False

    @property
    def alive(self) -> bool:
        return self.browser is not None and self.browser.is_connected()

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
        """Kill the browser, stop Playwright's driver, remove the temp folder. Never raises.
        (Killing first: a polite browser.close() only adds a round trip; nothing is kept.)"""
        self._kill()
        if self._playwright is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._playwright.stop(), 5)
        if self.profile is not None:
            shutil.rmtree(self.profile, ignore_errors=True)

    def _kill(self) -> None:
        """SIGKILL the browser's process group and any helper left outside it."""
        if self.profile is None or not hasattr(os, "killpg"):
            return  # pragma: no cover - Windows: the driver's own cleanup has to do
        for pid, main in processes_in(self.profile):
            if main:  # launched detached, so the leader of its own process group
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


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
