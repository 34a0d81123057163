"""HTML build of deck/mlops-guide.md as a cold `mlops-deck build` process (target <= 0.7 s
median; font subsets come from `.mlops-deck-cache/`, filled by the warm-up run), side by
side with marp-cli's HTML conversion when it is installed.

The timed command is the HTML-only build (`--no-lint`); the same build with lint is
printed too, for information. BENCH_HTML_RUNS sets the number of timed runs (default 5).
"""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

DECK = benchlib.ROOT / "deck" / "mlops-guide.md"
TARGET = 0.7


def median_cpu_seconds(cmd: list[str], runs: int) -> float:
    """Median user+sys CPU time of the child process: what the build costs, even when
    other work on a shared machine stretches the wall time."""
    times = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, cwd=benchlib.ROOT, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times)


def run() -> None:
    runs = int(os.environ.get("BENCH_HTML_RUNS", "5"))
    ours_bin = str(benchlib.VENV_BIN / "mlops-deck")
    marp = benchlib.marp_cli()
    with tempfile.TemporaryDirectory(prefix="bench-html-") as tmp:
        out = Path(tmp)
        ours = benchlib.median_seconds(
            [ours_bin, "build", str(DECK), "-o", str(out / "ours"), "--no-lint"], runs=runs)
        theirs = None
        if marp:
            theirs = benchlib.median_seconds(
                [*marp, str(DECK), "-o", str(out / "marp" / "deck.html")], runs=runs)
        benchlib.report("html build (mlops-deck build --no-lint)", ours, theirs, TARGET)
        cpu = median_cpu_seconds(
            [ours_bin, "build", str(DECK), "-o", str(out / "ours"), "--no-lint"], runs)
        print(f"html build CPU time (user+sys): {cpu:.3f} s median; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
        linted = benchlib.median_seconds(
            [ours_bin, "build", str(DECK), "-o", str(out / "linted")], runs=max(1, runs // 2))
        benchlib.report("html build with lint (mlops-deck build)", linted, theirs)


if __name__ == "__main__":
    run()
