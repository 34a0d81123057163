"""Lint speed: `mlops-deck lint deck/mlops-guide.md` as a cold process (all rules, all
referenced assets, no cache; target <= 0.4 s median) and an unchanged re-run answered from
`.mlops-deck-cache/` (target <= 0.2 s). The cache bench uses its own copy of the project
files so it never touches the real cache."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, VENV_BIN, median_cpu_seconds, median_seconds, report  # noqa: E402

DECK = "deck/mlops-guide.md"
RUNS = 7


def _cli() -> list[str]:
    exe = VENV_BIN / "mlops-deck"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "mlops_deck"]


def _project_copy(into: Path) -> Path:
    """deck/ and assets/ plus the config files, so relative image paths still resolve."""
    for name in ("deck", "assets"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, into / name)
    for name in ("pyproject.toml", ".mlops-deck.yml"):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, into / name)
    (into / ".git").mkdir()  # the project boundary for config search
    return into


def run() -> None:
    cmd = _cli() + ["lint", DECK]
    cold = median_seconds(cmd + ["--no-cache"], runs=RUNS)
    report("lint cold (no cache)", cold, None, target=0.4)
    print(f"  cpu time {median_cpu_seconds(cmd + ['--no-cache'], RUNS):.3f} s median", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-lint-") as tmp:
        project = _project_copy(Path(tmp))
        subprocess.run(cmd, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cached = median_seconds(cmd, runs=RUNS, cwd=project)
        report("lint unchanged re-run (cache)", cached, None, target=0.2)
        print(f"  cpu time {median_cpu_seconds(cmd, RUNS, cwd=project):.3f} s median", flush=True)
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} (2 cores)", flush=True)
    floor = median_seconds([sys.executable, "-c", "pass"], runs=RUNS)
    print(f"python startup alone: {floor:.3f} s median", flush=True)
    _slowest_rules()


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
