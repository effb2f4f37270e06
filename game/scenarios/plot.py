"""Draw a scenario's outcome space with matplotlib (Agg backend, no display needed).

Grey dots: every outcome (a fixed-seed sample of `MAX_DRAWN` when the space is larger);
orange: the Pareto frontier; dashed lines: the BATNAs; marked points: Nash, Kalai-Smorodinsky
and all-compromise, as hollow markers of different sizes drawn over the frontier, so points
that coincide (the orange's Nash, KS and frontier point are all (100, 100)) stay visible; they
share one legend entry that shows each marker ("Nash = KS"). With more than two seated roles
the first two roles' points are drawn and the frontier of all roles is projected onto them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.legend import Legend  # noqa: E402
from matplotlib.legend_handler import HandlerTuple  # noqa: E402

from game.core import outcomes  # noqa: E402
from game.core.analysis import Analysis  # noqa: E402

MAX_DRAWN = 20_000


@dataclass(frozen=True)
class Mark:
    """A reference point as drawn: hollow, sized so that coinciding marks nest."""

    name: str
    short: str
    xy: tuple[int, int]
    marker: str
    colour: str
    size: float
    label: str


# smallest first; each is drawn hollow around the ones before it and the frontier dot
_MARKS = (("Nash", "Nash", "*", "#2ca02c", 260.0),
          ("Kalai-Smorodinsky", "KS", "D", "#9467bd", 420.0),
          ("all-compromise", "compromise", "s", "#1f77b4", 620.0))


def reference_marks(analysis: Analysis) -> list[Mark]:
    """The Nash, Kalai-Smorodinsky and all-compromise marks (first two roles' points); a
    mark that shares its point with others notes it in its label, e.g. "Nash = KS"."""
    points = {"Nash": analysis.nash, "Kalai-Smorodinsky": analysis.kalai_smorodinsky,
              "all-compromise": analysis.compromise}
    found = [(name, short, (p.utilities[0], p.utilities[1]), marker, colour, size)
             for name, short, marker, colour, size in _MARKS
             if (p := points[name]) is not None]
    marks = []
    for name, short, xy, marker, colour, size in found:
        same = [other for other, _, at, *_ in found if at == xy]
        label = name
        if len(same) > 1:  # one legend entry for the group, carried by its first mark
            label = " = ".join(s for _, s, at, *_ in found if at == xy) if same[0] == name else ""
        marks.append(Mark(name, short, xy, marker, colour, size, label))
    return marks


def _children(legend: Legend) -> list[object]:
    """Every artist drawn inside the legend (tuple entries draw several markers)."""
    found, stack = [], list(legend.get_children())
    while stack:
        artist = stack.pop()
        found.append(artist)
        stack.extend(artist.get_children())
    return found


def outcome_points(analysis: Analysis, rng: random.Random) -> tuple[list[tuple[int, ...]], bool]:
    """Utilities of every outcome, or of a sample when the space is large; (points, sampled)."""
    scenario, roles = analysis.scenario, analysis.roles
    if analysis.size <= MAX_DRAWN:
        return [u for u, _ in outcomes.iter_utilities(scenario, roles)], False
    packages = outcomes.sample(scenario, MAX_DRAWN, rng)
    return [outcomes.utilities(scenario, p, roles) for p in packages], True


def draw(analysis: Analysis, path: Path) -> str:
    """Write the chart to `path` (.svg or .png); returns a note on what was simplified."""
    points, sampled = outcome_points(analysis, random.Random(0))
    roles = analysis.roles
    notes = []
    if sampled:
        notes.append(f"{MAX_DRAWN} of {analysis.size} outcomes sampled")
    if len(roles) > 2:
        notes.append(f"first two of {len(roles)} roles drawn: {roles[0]} and {roles[1]}")
    figure, axes = plt.subplots(figsize=(9, 6))
    try:
        axes.scatter([u[0] for u in points], [u[1] for u in points], s=12, color="#bbbbbb",
                     label="outcomes" + (" (sample)" if sampled else ""), zorder=1)
        front = sorted((p.utilities[0], p.utilities[1]) for p in analysis.frontier)
        axes.plot([u[0] for u in front], [u[1] for u in front], "o-" if len(roles) == 2 else "o",
                  color="#e07b00", label="Pareto frontier", zorder=4)  # over the hollow marks
        axes.axvline(analysis.batnas[0], color="#555555", linestyle="--", linewidth=1,
                     label=f"BATNA {roles[0]} ({analysis.batnas[0]})")
        axes.axhline(analysis.batnas[1], color="#555555", linestyle=":", linewidth=1,
                     label=f"BATNA {roles[1]} ({analysis.batnas[1]})")
        marks = reference_marks(analysis)
        drawn = {}
        for mark in marks:
            drawn[mark.name] = axes.scatter(
                [mark.xy[0]], [mark.xy[1]], marker=mark.marker, s=mark.size, facecolors="none",
                edgecolors=mark.colour, linewidths=2, label=mark.label or "_nolegend_", zorder=3)

        axes.set_xlabel(f"{roles[0]} (points)")
        axes.set_ylabel(f"{roles[1]} (points)")
        title = f"{analysis.scenario.title}"
        axes.set_title(title + (f"\n({'; '.join(notes)})" if notes else ""), fontsize=10)
        axes.margins(0.08)  # the large hollow marks at the edge stay inside the frame
        handles, labels = axes.get_legend_handles_labels()
        for mark in marks:  # a shared entry ("Nash = KS") shows every marker of its point
            if mark.label in labels and " = " in mark.label:
                group = tuple(drawn[m.name] for m in marks if m.xy == mark.xy)
                handles[labels.index(mark.label)] = group  # type: ignore[call-overload]
        legend = axes.legend(handles, labels, fontsize=8, loc="upper left",
                             bbox_to_anchor=(1.02, 1), borderaxespad=0,
                             handler_map={tuple: HandlerTuple(ndivide=None)})
        smallest = min(size for *_, size in _MARKS)
        for artist in _children(legend):  # side by side in a shared entry
            if isinstance(artist, PathCollection) and min(artist.get_sizes(), default=0) >= (
                    smallest):
                artist.set_sizes([70])  # one size in the legend whatever the plot size
        axes.grid(True, alpha=0.3)
        figure.tight_layout()
        figure.savefig(path)
    finally:
        plt.close(figure)
    return "; ".join(notes)
