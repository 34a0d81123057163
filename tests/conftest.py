from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
DECK = ROOT / "deck" / "mlops-guide.md"


@pytest.fixture
def root() -> Path:
    return ROOT
