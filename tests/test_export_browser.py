"""The system-browser launcher: found or a clear error, timeouts, one retry after a crash,
and nothing left behind (processes, profiles) whatever happens. Real Chromium throughout."""
from __future__ import annotations

import os
import shutil
import signal
import tempfile
from pathlib import Path

import pytest

from mlops_deck.render.browser import (PROFILE_PREFIX, BrowserError, Chromium, find_browser,
                                       processes_in, run_in_browser)


def _browser_or_skip() -> str:
    try:
        return find_browser()
    except BrowserError as exc:  # pragma: no cover - CI images have Chromium
        pytest.skip(str(exc))


def _processes_using(profile: Path) -> list[int]:
    """Live processes whose command line names this browser's temp folder."""
    return [pid for pid, _ in processes_in(profile)]


def _profiles() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob(PROFILE_PREFIX + "*")}


@pytest.fixture(autouse=True)
def private_tmp(tmp_path, monkeypatch):  # tmp_path first: pytest settles its own base
    """Profiles go to a folder of this test alone, so other builds on the machine can't
    make the before/after comparison lie. A short one: Chromium's socket path inside must
    stay under ~104 bytes (pytest's tmp_path is too deep; the launcher would use /tmp)."""
    folder = tempfile.mkdtemp(prefix="mdt-", dir="/tmp")
    monkeypatch.setattr(tempfile, "tempdir", folder)
    yield
    shutil.rmtree(folder, ignore_errors=True)


def _assert_clean(profiles: list[Path], before: set[str]) -> None:
    for profile in profiles:
        assert not profile.exists(), f"profile {profile} left behind"
        assert _processes_using(profile) == [], f"browser processes left for {profile}"
    assert _profiles() - before == set()


def test_chrome_path_that_does_not_exist_is_a_clear_error():
    with pytest.raises(BrowserError) as info:
        find_browser({"CHROME_PATH": "/nonexistent/chrome", "PATH": "/usr/bin"})
    assert "CHROME_PATH=/nonexistent/chrome" in str(info.value)
    assert "apt-get install chromium" in str(info.value)


def test_no_browser_on_path_says_how_to_install_one(tmp_path):
    with pytest.raises(BrowserError) as info:
        find_browser({"PATH": str(tmp_path)})
    assert "no Chromium-based browser found" in str(info.value)
    assert "apt-get install chromium" in str(info.value) and "Chrome" in str(info.value)


def test_chrome_path_wins_over_path(tmp_path):
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    assert find_browser({"CHROME_PATH": str(fake), "PATH": "/usr/bin"}) == str(fake)


def test_runs_a_job_and_leaves_nothing_behind():
    _browser_or_skip()
    before, seen = _profiles(), []

    async def job(chrome: Chromium) -> str:
        seen.append(chrome.profile)
        assert _processes_using(chrome.profile), "the browser should be running now"
        page = await chrome.new_page(320, 200)
        await chrome.call(page.set_content("<p id=x>日本語</p>"), "setting content")
        return await chrome.call(page.inner_text("#x"), "reading text")

    assert run_in_browser(job, timeout=30) == "日本語"
    _assert_clean(seen, before)


def test_a_crashed_browser_is_retried_once():
    _browser_or_skip()
    before, seen = _profiles(), []

    async def job(chrome: Chromium) -> int:
        seen.append(chrome.profile)
        page = await chrome.new_page(320, 200)
        if len(seen) == 1:  # first attempt: the browser dies under us
            os.killpg(chrome.browser_pid, signal.SIGKILL)
        await chrome.call(page.set_content("<p>ok</p>"), "setting content")
        return len(seen)

    assert run_in_browser(job, timeout=30) == 2
    _assert_clean(seen, before)


def test_a_browser_that_keeps_crashing_is_a_clear_error():
    _browser_or_skip()
    before, seen = _profiles(), []

    async def job(chrome: Chromium) -> None:
        seen.append(chrome.profile)
        page = await chrome.new_page(320, 200)
        os.killpg(chrome.browser_pid, signal.SIGKILL)
        await chrome.call(page.set_content("<p>never</p>"), "rendering the slides")

    with pytest.raises(BrowserError) as info:
        run_in_browser(job, timeout=30)
    assert "crashed while rendering the slides" in str(info.value)
    assert "retried once" in str(info.value)
    assert len(seen) == 2
    _assert_clean(seen, before)


def test_a_hanging_call_times_out_and_cleans_up():
    _browser_or_skip()
    before, seen = _profiles(), []

    async def job(chrome: Chromium) -> None:
        seen.append(chrome.profile)
        page = await chrome.new_page(320, 200)
        await chrome.call(page.evaluate("new Promise(() => {})"), "waiting forever")

    with pytest.raises(BrowserError) as info:
        run_in_browser(job, timeout=3)
    assert "did not answer within 3 s while waiting forever" in str(info.value)
    assert len(seen) == 1  # a timeout is not a crash: no retry
    _assert_clean(seen, before)


def test_a_session_boots_early_retries_a_crash_and_cleans_up():
    from mlops_deck.render.session import BrowserSession
    _browser_or_skip()
    before, seen = _profiles(), []

    async def job(chrome: Chromium) -> int:
        seen.append(chrome.profile)
        page = await chrome.new_page(320, 200)
        if len(seen) == 1:  # the early browser dies under the first job
            os.killpg(chrome.browser_pid, signal.SIGKILL)
        await chrome.call(page.set_content("<p>ok</p>"), "setting content")
        return len(seen)

    with BrowserSession(timeout=30) as session:
        assert session.run(job) == 2
    _assert_clean(seen, before)


def test_an_unused_session_leaves_nothing_behind():
    from mlops_deck.render.session import BrowserSession
    _browser_or_skip()
    before = _profiles()
    session = BrowserSession(timeout=30)
    chrome = session._chrome.result(timeout=60)  # the browser is up before any job
    assert _processes_using(chrome.profile)
    session.close()
    _assert_clean([chrome.profile], before)


def test_a_killed_build_process_leaves_no_browser_behind():
    """SIGKILL gives us no chance to clean up: Playwright's driver sees its pipe close and
    kills the browser and removes what it made in our temp folder."""
    import subprocess
    import sys
    import time
    _browser_or_skip()
    script = ("import asyncio, sys\n"
              "from mlops_deck.render.browser import Chromium, find_browser\n"
              "async def main():\n"
              "    chrome = await Chromium(find_browser(), 30).start()\n"
              "    print(chrome.profile, flush=True)\n"
              "    await asyncio.sleep(60)\n"
              "asyncio.run(main())\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        profile = Path(proc.stdout.readline().strip())
        assert _processes_using(profile), "the browser should be running now"
    finally:
        proc.kill()
        proc.wait(10)
    deadline = time.monotonic() + 15
    while _processes_using(profile) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_using(profile) == []
    while any(profile.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert list(profile.iterdir()) == []  # only our empty folder is left, in the temp dir
    profile.rmdir()


def test_a_long_temp_dir_is_swapped_for_tmp(monkeypatch):
    """Chromium dies when its singleton socket path passes ~104 bytes (a deep TMPDIR)."""
    from mlops_deck.render.browser import _private_folder
    deep = Path(tempfile.mkdtemp(prefix="mdt-", dir="/tmp")) / ("d" * 80)
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    folder = _private_folder()
    try:
        assert folder.parent == Path("/tmp") and folder.name.startswith(PROFILE_PREFIX)
    finally:
        folder.rmdir()
        shutil.rmtree(deep.parent)


def _cmdline(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")


def _last_disabled_features(args: list[str]) -> set[str]:
    """What Chromium goes by: only the last --disable-features on a command line counts."""
    values = [a.split("=", 1)[1] for a in args if a.startswith("--disable-features=")]
    return set(values[-1].split(",")) if values else set()


def _main_process_args(profile: Path) -> list[str]:
    return next(_cmdline(pid) for pid, main in processes_in(profile) if main)


def test_the_address_bar_popups_stay_unbuilt_and_playwrights_own_features_stay_off():
    """Chromium builds the omnibox's WebUI pop-ups in a renderer of their own (~1 s of CPU);
    our launch switches them off without dropping what Playwright's launch switches off,
    as seen on the command line of a browser Playwright launches with its defaults only."""
    import asyncio

    from playwright.async_api import async_playwright

    from mlops_deck.render.launch_args import DISABLED_FEATURES

    executable = _browser_or_skip()

    async def playwrights_defaults() -> set[str]:
        folder = Path(tempfile.mkdtemp(prefix="mdt-pw-", dir="/tmp"))
        async with async_playwright() as p:
            # an argument naming our folder only, so processes_in() finds this browser
            browser = await p.chromium.launch(executable_path=executable, headless=True,
                                              args=[f"--crash-dumps-dir={folder}"])
            try:
                return _last_disabled_features(_main_process_args(folder))
            finally:
                await browser.close()
                shutil.rmtree(folder, ignore_errors=True)

    async def ours() -> tuple[set[str], list[list[str]]]:
        chrome = await Chromium(executable, 30).start()
        try:
            page = await chrome.new_page(320, 200)
            await chrome.call(page.set_content("<p>x</p>"), "setting content")
            await asyncio.sleep(0.5)  # the pop-ups would load right after the first window
            renderers = [_cmdline(pid) for pid, _ in processes_in(chrome.profile)]
            return _last_disabled_features(_main_process_args(chrome.profile)), renderers
        finally:
            await chrome.close()

    theirs = asyncio.run(playwrights_defaults())
    effective, processes = asyncio.run(ours())
    assert theirs, "Playwright's launch passes a --disable-features list"
    assert theirs <= effective
    assert set(DISABLED_FEATURES) <= effective
    assert not [p for p in processes if "--top-chrome-webui" in p]


def test_playwrights_feature_list_is_read_from_its_source_or_left_alone():
    from mlops_deck.render.launch_args import parse_disabled_features
    source = ('x = 1;\n    disabledFeatures = [\n      // See https://example.org "quoted"\n'
              '      "PaintHolding",\n      "MediaRouter"\n    ].filter(Boolean);')
    assert parse_disabled_features(source) == ("PaintHolding", "MediaRouter")
    assert parse_disabled_features("chromiumSwitches = ['--x']") is None
    assert parse_disabled_features('disabledFeatures = [someVariable, "--odd value"]') is None
