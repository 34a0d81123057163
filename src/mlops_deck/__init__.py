"""mlops-deck: build, lint and preview Marp slide decks, faithfully to Marp."""
from __future__ import annotations

__version__ = "0.1.0"
