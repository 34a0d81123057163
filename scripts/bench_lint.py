"""Lint speed of `mlops-deck lint deck/mlops-guide.md`, each run a cold process:

1. the deck edited since the last lint (its cache entry is gone) while the diagrams are not:
   the SVG rules' per-file results come from `.mlops-deck-cache/assets/`, keyed by content
   hash (issue 6: "cache them by file hash") -- target <= 0.4 s median. Measured with the
   compile cache (mlops_deck/compile_cache.py, filled by the warm-up run as by any earlier
   run on the machine) and, in the same interleaved runs, without it;
2. an unchanged re-run answered from the deck's cache entry -- target <= 0.2 s;
3. nothing cached at all (`--no-cache`: every SVG parsed, rendered and measured) -- shown
   for what a first lint costs, no target.

The cached runs use their own copy of the project files so they never touch the real cache.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import (ROOT, VENV_BIN, interleaved_medians,  # noqa: E402
                      median_cpu_seconds, median_seconds, project_copy, report)

DECK = "deck/mlops-guide.md"
RUNS = 7


def _cli() -> list[str]:
    exe = VENV_BIN / "mlops-deck"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "mlops_deck"]


def run() -> None:
    cmd = _cli() + ["lint", DECK]
    with tempfile.TemporaryDirectory(prefix="bench-lint-") as tmp:
        project = project_copy(Path(tmp))
        subprocess.run(cmd, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deck_entries = project / ".mlops-deck-cache" / "lint"

        def deck_edited() -> None:
            shutil.rmtree(deck_entries, ignore_errors=True)
        off = dict(os.environ, MLOPS_DECK_COMPILE_CACHE="0")
        edited = interleaved_medians({"on": (cmd, None), "off": (cmd, off)}, runs=RUNS,
                                     cwd=project, before=deck_edited)
        report("lint cold process, deck edited (SVG results cached by file hash)",
               edited["on"], None, target=0.4)
        print(f"  same runs with the compile cache off (MLOPS_DECK_COMPILE_CACHE=0): "
              f"{edited['off']:.3f} s median", flush=True)
        _cpu(cmd, project, deck_edited)
        cached = median_seconds(cmd, runs=RUNS, cwd=project)
        report("lint cold process, unchanged re-run (cache)", cached, None, target=0.2)
        _cpu(cmd, project)
    cold = median_seconds(cmd + ["--no-cache"], runs=3)
    report("lint cold process, nothing cached (--no-cache)", cold, None)
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} (2 cores)", flush=True)
    floor = median_seconds([sys.executable, "-c", "pass"], runs=RUNS)
    print(f"python startup alone: {floor:.3f} s median", flush=True)
    _slowest_rules()


def _cpu(cmd: list[str], cwd: Path, before=None) -> None:
    cpu = median_cpu_seconds(cmd, RUNS, cwd=cwd, before=before)
    print(f"  cpu time {cpu:.3f} s median", flush=True)


def _slowest_rules(top: int = 6) -> None:
    """Where a cold lint spends its time: parse, and the slowest rules (one in-process run)."""
    import time

    from mlops_deck.lint.registry import all_rules
    from mlops_deck.lint.runner import lint_deck
    from mlops_deck.parse import load_deck

    all_rules()
    start = time.perf_counter()
    deck = load_deck(ROOT / DECK)
    parsed = time.perf_counter()
    result = lint_deck(deck, root=ROOT)
    done = time.perf_counter()
    slow = sorted(result.timings.items(), key=lambda item: -item[1])[:top]
    print(f"in-process: parse {parsed - start:.3f} s, {len(result.timings)} rules "
          f"{done - parsed:.3f} s; slowest: "
          + ", ".join(f"{rule_id} {seconds:.3f}" for rule_id, seconds in slow), flush=True)


if __name__ == "__main__":
    run()
