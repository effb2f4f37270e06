"""The `simulate` command: bots against bots, in-process, with the debrief's figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.simulate import load_scenario, play, simulate, simulate_pairing


def _row(output: str, pairing: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.startswith(pairing))
    return line[len(pairing):].split()


def test_simulate_prints_the_figures_of_a_pairing() -> None:
    result = CliRunner().invoke(simulate, ["orange", "collaborator", "collaborator",
                                           "--games", "10", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "seeds 3..12" in result.output
    assert re.search(r"games\s+agree\s+efficiency\s+pareto\s+lose/lose", result.output)
    assert _row(result.output, "collaborator x collaborator") == [
        "10", "100%", "1.00", "100%", "0%"]


def test_simulate_shows_what_a_fixed_pie_partner_costs() -> None:
    runner = CliRunner()
    together = runner.invoke(simulate, ["orange", "collaborator", "collaborator", "-n", "20"])
    fixed = runner.invoke(simulate, ["orange", "collaborator", "fixed-pie", "-n", "20"])
    good = _row(together.output, "collaborator x collaborator")
    bad = _row(fixed.output, "collaborator x fixed-pie")
    assert float(good[2]) > float(bad[2])                       # efficiency
    assert int(good[3].rstrip("%")) > int(bad[3].rstrip("%"))   # Pareto-optimal share
    assert int(bad[4].rstrip("%")) > int(good[4].rstrip("%"))   # lose/lose share


def test_simulate_refuses_bad_arguments() -> None:
    runner = CliRunner()
    unknown = runner.invoke(simulate, ["orange", "collaborator", "saint"])
    assert unknown.exit_code != 0 and "saint" in unknown.output
    seats = runner.invoke(simulate, ["orange", "collaborator"])
    assert seats.exit_code != 0 and "one persona per seat" in seats.output
    missing = runner.invoke(simulate, ["no-such-scenario", "tough", "tough"])
    assert missing.exit_code != 0 and "no-such-scenario" in missing.output


def test_simulate_reads_scenarios_from_scenario_dir(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENARIO_DIR", str(tmp_path))
    result = CliRunner().invoke(simulate, ["orange", "tough", "tough"])
    assert result.exit_code != 0 and "no scenario" in result.output


def test_personas_rotate_over_roles_and_seeds_follow_on() -> None:
    orange = load_scenario("orange")
    summary, games = simulate_pairing(orange, ["collaborator", "fixed-pie"], 4, 10)
    assert [g.personas[0].name for g in games] == ["collaborator", "fixed-pie"] * 2
    assert summary.games == 4 and summary.refused == 0
    assert summary.agreement_rate == 1.0
    assert summary.lose_lose_share == 1.0 and summary.pareto_share == 0.0
    assert summary.mean_efficiency == pytest.approx(0.0)
    again = play(orange, ["fixed-pie", "collaborator"], 11)
    assert again.moves == games[1].moves


def test_no_deal_games_count_at_their_batna_point() -> None:
    no_zopa = load_scenario("no_zopa")
    summary, games = simulate_pairing(no_zopa, ["tough", "tough"], 2, 0)
    assert summary.agreement_rate == 0.0 and summary.lose_lose_share == 0.0
    assert all(g.state.close_reason == "deadline" for g in games)


def test_simulate_explains_every_move_of_the_first_game() -> None:
    result = CliRunner().invoke(simulate, ["orange", "collaborator", "fixed-pie",
                                           "--games", "1", "--explain"])
    assert result.exit_code == 0, result.output
    moves = [line for line in result.output.splitlines() if line.startswith("   ")]
    assert moves, "the moves are listed"
    assert any("fixed-pie bot" in line and "do not explain" in line for line in moves)
    assert all(line.rstrip().endswith((".", "]")) for line in moves), "one sentence each"
