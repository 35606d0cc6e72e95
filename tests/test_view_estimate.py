"""The intelligence estimate always reads as words a player can use."""

from __future__ import annotations

from game.engine.view import band_label


def test_a_value_below_every_band_reads_as_the_lowest_band(base_content) -> None:
    bands = base_content.scenario.estimate.bands
    lowest = min(bands, key=lambda b: b.from_)
    highest = max(bands, key=lambda b: b.from_)
    # An estimate's centre minus its spread can fall below the first band.
    assert band_label(bands, lowest.from_ - 1000) == lowest.label
    assert band_label(bands, lowest.from_) == lowest.label
    assert band_label(bands, highest.from_ + 1000) == highest.label
    assert band_label([], 5) == ""
