"""Helpers for scripts/bench_*.py: median wall time of a command, and finding marp-cli."""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"


def median_seconds(cmd: list[str], runs: int = 5, cwd: Path = ROOT, env=None,
                   before=None) -> float:
    """Median wall time of running ``cmd`` as a cold process ``runs`` times (after a warm-up);
    ``before()``, if given, runs untimed before each run."""
    return interleaved_medians({"": (cmd, env)}, runs, cwd, before)[""]


def interleaved_medians(variants: dict[str, tuple[list[str], dict | None]], runs: int = 5,
                        cwd: Path = ROOT, before=None) -> dict[str, float]:
    """Median wall time of each ``name: (cmd, env)``, their runs taken in turn (after one
    warm-up each), so a machine whose speed drifts treats them alike."""
    for cmd, env in variants.values():
        subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, (cmd, env) in variants.items():
            if before is not None:
                before()
            start = time.perf_counter()
            subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def median_cpu_seconds(cmd: list[str], runs: int = 5, cwd: Path = ROOT, before=None) -> float:
    """Median CPU time (user + system) of running ``cmd`` as a child process: on a shared,
    loaded machine this says what the work costs when wall time mostly measures waiting."""
    import resource

    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        end = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(end.ru_utime - start.ru_utime + end.ru_stime - start.ru_stime)
    return statistics.median(times)


def project_copy(into: Path) -> Path:
    """deck/ and assets/ plus the config files, so relative image paths still resolve."""
    for name in ("deck", "assets"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, into / name)
    for name in ("pyproject.toml", ".mlops-deck.yml"):
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, into / name)
    (into / ".git").mkdir()  # the project boundary for config search
    return into


def marp_cli() -> list[str] | None:
    """The marp-cli command, if installed: $MARP_CLI, `marp` on PATH, or a local node_modules."""
    if os.environ.get("MARP_CLI"):
        return os.environ["MARP_CLI"].split()
    if shutil.which("marp"):
        return ["marp"]
    for base in (ROOT, ROOT.parent / "scratch" / "marp"):
        local = base / "node_modules" / ".bin" / "marp"
        if local.exists():
            return [str(local)]
    return None


def report(label: str, ours: float, theirs: float | None, target: float | None = None) -> None:
    line = f"{label}: {ours:.3f} s median"
    if target is not None:
        line += f" (target <= {target:g} s)"
    if theirs is not None:
        line += f"; marp-cli {theirs:.3f} s; ratio {theirs / ours:.1f}x faster"
    print(line, flush=True)
