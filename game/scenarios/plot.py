"""Draw a scenario's outcome space with matplotlib (Agg backend, no display needed).

Grey dots: every outcome (a fixed-seed sample of `MAX_DRAWN` when the space is larger);
orange: the Pareto frontier; dashed lines: the BATNAs; marked points: Nash, Kalai-Smorodinsky
and all-compromise. With more than two seated roles the first two roles' points are drawn
and the frontier of all roles is projected onto them.
"""

from __future__ import annotations

import random
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

from game.core import outcomes  # noqa: E402
from game.core.analysis import Analysis  # noqa: E402

MAX_DRAWN = 20_000


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
    figure, axes = plt.subplots(figsize=(7, 6))
    try:
        axes.scatter([u[0] for u in points], [u[1] for u in points], s=12, color="#bbbbbb",
                     label="outcomes" + (" (sample)" if sampled else ""), zorder=1)
        front = sorted((p.utilities[0], p.utilities[1]) for p in analysis.frontier)
        axes.plot([u[0] for u in front], [u[1] for u in front], "o-" if len(roles) == 2 else "o",
                  color="#e07b00", label="Pareto frontier", zorder=2)
        axes.axvline(analysis.batnas[0], color="#555555", linestyle="--", linewidth=1,
                     label=f"BATNA {roles[0]} ({analysis.batnas[0]})")
        axes.axhline(analysis.batnas[1], color="#555555", linestyle=":", linewidth=1,
                     label=f"BATNA {roles[1]} ({analysis.batnas[1]})")
        marks = [("all-compromise", analysis.compromise, "s", "#1f77b4"),
                 ("Nash", analysis.nash, "*", "#2ca02c"),
                 ("Kalai-Smorodinsky", analysis.kalai_smorodinsky, "D", "#9467bd")]
        for name, point, marker, colour in marks:
            if point is not None:
                axes.scatter([point.utilities[0]], [point.utilities[1]], marker=marker, s=120,
                             color=colour, edgecolor="black", label=name, zorder=3)
        axes.set_xlabel(f"{roles[0]} (points)")
        axes.set_ylabel(f"{roles[1]} (points)")
        title = f"{analysis.scenario.title}"
        axes.set_title(title + (f"\n({'; '.join(notes)})" if notes else ""), fontsize=10)
        axes.legend(fontsize=8, loc="best")
        axes.grid(True, alpha=0.3)
        figure.tight_layout()
        figure.savefig(path)
    finally:
        plt.close(figure)
    return "; ".join(notes)
