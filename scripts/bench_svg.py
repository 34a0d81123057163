"""SVG asset checks (DK510–DK541): a cold process running only them on the deck (no cache),
the same with their per-file results preloaded as an engine could persist them
(RuleContext.cache["svg.results"]), and the contact sheet. No marp-cli equivalent exists.
The processes start as the CLI does, with the compile cache (its file filled by the
untimed first run)."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import ROOT, median_seconds, report  # noqa: E402

DECK = ROOT / "deck" / "mlops-guide.md"
RUNS = 5
SCRIPT = """
import json, sys
from pathlib import Path
from mlops_deck.compile_cache import install
install("bench-svg")  # as the CLI starts (cli.run): regexes and dataclasses kept between runs
from mlops_deck.parse import load_deck
from mlops_deck.lint.registry import RuleContext, all_rules
from mlops_deck.lint.rules.svg_common import RESULTS_KEY
deck = load_deck(Path(sys.argv[1]))
cache = {{RESULTS_KEY: json.loads(Path(sys.argv[2]).read_text())}} if len(sys.argv) > 2 else {{}}
ctx = RuleContext(root=Path("{root}"), cache=cache)
rules = [r for r in all_rules().values() if "svg" in r.tags]
count = sum(len(list(r.func(deck, ctx))) for r in rules)
if len(sys.argv) > 3:
    Path(sys.argv[3]).write_text(json.dumps(ctx.cache[RESULTS_KEY]))
"""


def run() -> None:
    script = SCRIPT.format(root=ROOT)
    svgs = len(list((ROOT / "assets").glob("*.svg")))
    with tempfile.TemporaryDirectory(prefix="bench-svg-") as tmp:
        empty, saved = Path(tmp) / "empty.json", Path(tmp) / "results.json"
        empty.write_text("{}")
        subprocess.run([sys.executable, "-c", script, str(DECK), str(empty), str(saved)],
                       check=True, cwd=ROOT)
        cold = median_seconds([sys.executable, "-c", script, str(DECK)], runs=RUNS)
        # no target: issue 6 asks for the asset checks within the lint budget *with* their
        # results cached by file hash (the next line, and bench_lint's deck-edited run)
        report(f"SVG rules cold, {svgs} SVGs in assets/ (no cache)", cold, None)
        warm = median_seconds([sys.executable, "-c", script, str(DECK), str(saved)], runs=RUNS)
        report("SVG rules with persisted per-file results", warm, None, target=0.4)
        print(f"  results cache: {len(json.loads(saved.read_text()))} files, "
              f"{saved.stat().st_size / 1024:.0f} KB of JSON", flush=True)
        _in_process(saved)
        sheet = median_seconds([sys.executable, "-m", "mlops_deck", "assets", "sheet", str(DECK),
                                "-o", str(Path(tmp) / "sheet.png")], runs=3)
        report("assets sheet (contact sheet PNG)", sheet, None)


def _in_process(saved: Path) -> None:
    """The SVG rules alone, in one process (interpreter start, imports and parse excluded)."""
    import time

    from mlops_deck.lint.registry import RuleContext, all_rules
    from mlops_deck.lint.rules.svg_common import RESULTS_KEY
    from mlops_deck.parse import load_deck

    rules = [r for r in all_rules().values() if "svg" in r.tags]
    deck = load_deck(DECK)
    for label, cache in (("cold", {}), ("persisted results",
                                         {RESULTS_KEY: json.loads(saved.read_text())})):
        start = time.perf_counter()
        ctx = RuleContext(root=ROOT, cache=cache)
        for r in rules:
            list(r.func(deck, ctx))
        print(f"  in-process SVG rules, {label}: {time.perf_counter() - start:.3f} s",
              flush=True)


if __name__ == "__main__":
    run()
