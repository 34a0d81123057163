"""Browser exports of deck/mlops-guide.md: PDF (target <= 4 s median) and all 125 PNGs
(target <= 12 s), each a cold `mlops-deck build` process, side by side with marp-cli
(`--pdf` / `--images png`, `--allow-local-files`, CHROME_PATH) when it is installed.

BENCH_EXPORT_RUNS sets the number of timed runs (default 3, after one warm-up run).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
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


def run() -> None:
    runs = int(os.environ.get("BENCH_EXPORT_RUNS", "3"))
    marp = benchlib.marp_cli()
    ours_bin = str(benchlib.VENV_BIN / "mlops-deck")
    env = _env()
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        out = Path(tmp)
        for kind in ("pdf", "png"):
            ours = benchlib.median_seconds(
                [ours_bin, "build", str(DECK), "-o", str(out / f"ours-{kind}"), *OURS[kind]],
                runs=runs, env=env)
            theirs = None
            if marp:
                theirs = benchlib.median_seconds(
                    [*marp, "--allow-local-files", *THEIRS[kind], str(DECK), "-o",
                     str(out / f"marp-{kind}" / ("deck.pdf" if kind == "pdf" else "deck.png"))],
                    runs=runs, env=env)
            benchlib.report(f"{kind.upper()} of {DECK.name} (mlops-deck build {OURS[kind][0]})",
                            ours, theirs, TARGETS[kind])


if __name__ == "__main__":
    run()
