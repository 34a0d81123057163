"""A browser started ahead of time, in its own thread, for a build that will need it.

Starting Playwright's driver and Chromium and opening a page costs most of a second; a
build spends about that long parsing, linting and rendering HTML first.
:class:`BrowserSession` starts the browser when it is created and hands it to the first
job, so the two overlap. It keeps the guarantees of
:func:`~mlops_deck.render.browser.run_in_browser`: timeouts, one retry after a crash,
nothing left behind (use it as a context manager; closing never raises).
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any

from .browser import (DEFAULT_TIMEOUT, BrowserCrash, BrowserError, Chromium, Job, T,
                      _attempt, find_browser)


class BrowserSession:
    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT, executable: str | None = None,
                 page_size: tuple[int, int] | None = (1280, 720)):
        self.executable = executable or find_browser()  # no browser: fail before the build
        self.timeout = timeout
        self.page_size = page_size  # a page of this size is opened ahead of time too
        self._loop = asyncio.new_event_loop()
        # The driver and browser belong to this thread's event loop, so the thread lives
        # until close().
        self._thread = threading.Thread(target=self._loop.run_forever,
                                        name="mlops-deck-browser", daemon=True)
        self._thread.start()
        self._chrome: concurrent.futures.Future = self._submit(self._start())
        self._closed = False

    def _submit(self, coro: Any) -> concurrent.futures.Future:
        return asyncio.run_coroutine_threadsafe(coro, self._loop)

    async def _start(self) -> Chromium:
        chrome = Chromium(self.executable, self.timeout)
        try:
            await chrome.start()
            if self.page_size:
                await chrome.warm_up(*self.page_size)
            return chrome
        except BaseException:
            await chrome.close()
            raise

    def run(self, job: Job) -> T:
        """``await job(chromium)`` on the early browser; after a crash, once more on a fresh
        one. Failures are :class:`BrowserError` with a one-line message."""
        try:
            return self._submit(self._first(job)).result()
        except BrowserCrash:
            try:
                return self._submit(_attempt(job, self.executable, self.timeout)).result()
            except BrowserCrash as exc:
                raise BrowserError(f"{exc} (twice; retried once)") from None

    async def _first(self, job: Job) -> T:
        chrome = await asyncio.wrap_future(self._chrome)
        try:
            return await job(chrome)
        finally:
            await chrome.close()

    def close(self) -> None:
        """Stop the browser (whether or not it was used) and the thread. Never raises."""
        if self._closed:
            return
        self._closed = True
        try:
            self._submit(self._close_started()).result(timeout=30)
        except Exception:  # noqa: BLE001 - closing must not hide the build's own outcome
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)
        self._loop.close()

    async def _close_started(self) -> None:
        try:
            chrome = await asyncio.wrap_future(self._chrome)
        except BaseException:  # noqa: BLE001 - it failed to start: nothing to close
            return
        await chrome.close()  # a no-op when the first job already closed it

    def __enter__(self) -> "BrowserSession":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
