from mlops_deck.parse import load_deck

from conftest import DECK


def test_shipped_deck_has_125_slides():
    deck = load_deck(DECK)
    assert len(deck.slides) == 125
    # issue 10 gave every slide but the closing greeting speaker notes (deck/CHANGES.md rows 6, 8)
    assert sum(1 for s in deck.slides if s.notes) == 124
