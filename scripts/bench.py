"""`make bench`: runs every scripts/bench_*.py module's ``run()`` and prints its lines.

Each bench module measures one thing (median wall times over several cold runs) and, when
marp-cli is available (``npx marp`` in PATH or MARP_CLI pointing at it), the same job with
marp-cli side by side with the ratio. Speed targets live here, not in timed tests.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    for path in sorted(HERE.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        print(f"== {path.stem[6:]}", flush=True)
        module.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
