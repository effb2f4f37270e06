"""The outcome-space chart keeps coinciding reference points visible."""

from __future__ import annotations

from pathlib import Path

from game.core.analysis import analyze
from game.scenarios.loader import load_file
from game.scenarios.plot import draw, reference_marks

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"


def test_orange_nash_and_ks_coincide_and_stay_visible(tmp_path):
    analysis = analyze(load_file(SHIPPED / "orange.yaml"))
    marks = {mark.name: mark for mark in reference_marks(analysis)}
    assert marks["Nash"].xy == marks["Kalai-Smorodinsky"].xy == (100, 100)
    assert marks["Nash"].label == "Nash = KS"
    assert marks["Kalai-Smorodinsky"].label == ""  # one legend entry for the shared point
    assert marks["all-compromise"].label == "all-compromise"  # (40, 40): alone
    sizes = [mark.size for mark in marks.values()]
    assert len(set(sizes)) == len(sizes)  # nested, not stacked
    target = tmp_path / "orange.svg"
    draw(analysis, target)
    svg = target.read_text()
    assert "Nash = KS" in svg
    assert "Kalai-Smorodinsky" not in svg  # no second legend entry for the same point


def test_marks_without_coincidence_keep_their_names():
    analysis = analyze(load_file(SHIPPED / "alliance_mou.yaml"))
    marks = reference_marks(analysis)
    points = [mark.xy for mark in marks]
    for mark in marks:
        if points.count(mark.xy) == 1:
            assert mark.label == mark.name
