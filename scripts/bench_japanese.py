"""Cost of the Japanese-style, terminology and study rules (DK7xx, DK741, DK8xx) on the deck.

Target: they add no more than 0.15 s to the lint of deck/mlops-guide.md. Measured two ways:
1. in a fresh process each time (cold: rule modules' regexes, the prh dictionary and its
   specs, facts.yml all load), the time of running just these rules on the parsed deck;
2. `mlops-deck lint` of the deck with and without these rules (whole cold CLI runs); the
   difference is what a user waits for. Noisier: two full runs per sample.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import ROOT, VENV_BIN, median_cpu_seconds, median_seconds, project_copy, report

DECK = ROOT / "deck" / "mlops-guide.md"
PREFIXES = ("DK7", "DK8")
TARGET = 0.15

_PROBE = """
import sys, time
from pathlib import Path
from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.lint.config import LintConfig
from mlops_deck.parse import load_deck
deck = load_deck(sys.argv[1])
rules = [r for i, r in all_rules().items() if i.startswith(("DK7", "DK8"))]
cache = {}
start, cpu = time.perf_counter(), time.process_time()
for rule in rules:
    list(rule.func(deck, RuleContext(dict(rule.options), Path(sys.argv[2]), cache)))
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def cold_rule_seconds(runs: int = 7) -> tuple[float, float]:
    """Median wall and CPU seconds of the rules in fresh processes (CPU time is what a
    loaded machine does not inflate)."""
    python = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
    wall, cpu = [], []
    for _ in range(runs):
        out = subprocess.run([python, "-c", _PROBE, str(DECK), str(ROOT)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        w, c = out.strip().splitlines()[-1].split()
        wall.append(float(w))
        cpu.append(float(c))
    return statistics.median(wall), statistics.median(cpu)


def run() -> None:
    load = os.getloadavg()[0]
    print(f"(load average {load:.1f} on {os.cpu_count()} cores: times scale with it)", flush=True)
    wall, cpu = cold_rule_seconds()
    report("DK7xx+DK741+DK8xx on the deck (cold process, rules only, wall)", wall, None, TARGET)
    report("DK7xx+DK741+DK8xx on the deck (cold process, rules only, CPU)", cpu, None, TARGET)
    # Whole CLI runs as after editing the deck: no deck cache entry, SVG results cached by
    # file hash (`--no-cache` would re-render every diagram and drown the difference).
    cli = str(VENV_BIN / "mlops-deck")
    base = [cli, "lint", "deck/mlops-guide.md"]  # report to stdout (discarded)
    without_cmd = base + ["--ignore", ",".join(PREFIXES)]
    with tempfile.TemporaryDirectory(prefix="bench-japanese-") as tmp:
        project = project_copy(Path(tmp))
        subprocess.run(base, cwd=project, capture_output=True)  # SVG results on disk

        def deck_edited() -> None:
            shutil.rmtree(project / ".mlops-deck-cache" / "lint", ignore_errors=True)
        without = median_seconds(without_cmd, runs=7, cwd=project, before=deck_edited)
        with_rules = median_seconds(base, runs=7, cwd=project, before=deck_edited)
        print(f"mlops-deck lint deck (wall): {with_rules:.3f} s with these rules, {without:.3f} s "
              f"without; added {with_rules - without:+.3f} s (target <= {TARGET:g} s)",
              flush=True)
        cpu_without = median_cpu_seconds(without_cmd, 7, cwd=project, before=deck_edited)
        cpu_with = median_cpu_seconds(base, 7, cwd=project, before=deck_edited)
        print(f"mlops-deck lint deck (CPU): {cpu_with:.3f} s with these rules, {cpu_without:.3f} "
              f"s without; added {cpu_with - cpu_without:+.3f} s (target <= {TARGET:g} s)",
              flush=True)


if __name__ == "__main__":
    run()
