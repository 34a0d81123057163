"""Browser exports of deck/mlops-guide.md: PDF (target <= 4 s median) and all 125 PNGs
(target <= 12 s), each a cold `mlops-deck build` process, side by side with marp-cli
(`--pdf` / `--images png`, `--allow-local-files`, CHROME_PATH) when it is installed.

BENCH_EXPORT_RUNS sets the number of timed runs (default 3, after one warm-up round); ours
and marp-cli's runs alternate so that the machine's load weighs on both alike.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

DECK = benchlib.ROOT / "deck" / "mlops-guide.md"
TARGETS = {"pdf": 4.0, "png": 12.0}
OURS = {"pdf": ["--pdf"], "png": ["--png"]}
THEIRS = {"pdf": ["--pdf"], "png": ["--images", "png"]}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    if "CHROME_PATH" not in env:
        for name in ("chromium", "chromium-browser", "google-chrome"):
            if shutil.which(name):
                env["CHROME_PATH"] = shutil.which(name)
                break
    return env


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=benchlib.ROOT, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _interleaved(commands: list[list[str]], runs: int, env: dict[str, str]) -> list[float]:
    """Median wall time of each command, runs taken in turn (ours, marp-cli, ours, ...) so
    a change in the machine's load hits both sides alike; one warm-up round first."""
    for cmd in commands:
        _timed(cmd, env)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for i, cmd in enumerate(commands):
            times[i].append(_timed(cmd, env))
    return [statistics.median(t) for t in times]


def run() -> None:
    runs = int(os.environ.get("BENCH_EXPORT_RUNS", "3"))
    marp = benchlib.marp_cli()
    ours_bin = str(benchlib.VENV_BIN / "mlops-deck")
    env = _env()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        out = Path(tmp)
        for kind in ("pdf", "png"):
            commands = [[ours_bin, "build", str(DECK), "-o", str(out / f"ours-{kind}"),
                         *OURS[kind]]]
            if marp:
                target = out / f"marp-{kind}" / ("deck.pdf" if kind == "pdf" else "deck.png")
                commands.append([*marp, "--allow-local-files", *THEIRS[kind], str(DECK),
                                 "-o", str(target)])
            medians = _interleaved(commands, runs, env)
            benchlib.report(f"{kind.upper()} of {DECK.name} (mlops-deck build {OURS[kind][0]})",
                            medians[0], medians[1] if marp else None, TARGETS[kind])
        print(f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
              f"{os.cpu_count()} CPUs)", flush=True)


if __name__ == "__main__":
    run()
