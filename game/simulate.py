"""`partner-math simulate`: bots play bots in-process through the core, many seeded games.

Each game runs on a simulated clock: every turn one seat (in rotation) sees its own member
view, its bot decides, the command goes through `game.core.machine.apply`, and the clock moves
on a fixed step, whether the bot acted or waited. The figures per persona pairing are the
debrief's: agreement rate, mean efficiency, share of Pareto-optimal and of lose/lose deals.
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from game.core import clock
from game.core.analysis import Analysis, analyze
from game.core.bots import Decision, Memory, Persona, decide, observe, persona, to_command
from game.core.errors import RuleError
from game.core.machine import apply, fold, replay, start
from game.core.scenario import Scenario
from game.core.scoring import Score, score
from game.core.state import NegotiationState
from game.core.views import member_view

T0 = 1_000_000.0
STEPS_PER_ROUND = 200


@dataclass(frozen=True)
class Move:
    """One bot decision during a simulated game: who, when (seconds into the round), what."""

    seat: int
    at: float
    decision: Decision
    refused: str | None = None  # the rule error's code, if the core refused it (a bot bug)


@dataclass
class Game:
    """A finished simulated game: the personas by seat, the final state, every move."""

    personas: tuple[Persona, ...]
    state: NegotiationState
    moves: list[Move] = field(default_factory=list)
    events: list[object] = field(default_factory=list)


def play(scenario: Scenario, personas: Sequence[Persona | str], seed: int, *,
         step_s: float | None = None) -> Game:
    """Play one game, seat i played by personas[i] in the scenario's role order.

    Deterministic for a seed: each seat's bot gets its own `random.Random`, and the seed also
    picks which seat moves first. `step_s` defaults to 1/200 of the round.
    """
    cast = tuple(persona(p) for p in personas)
    roles = scenario.roles_for_size(len(cast))
    duration = scenario.rules.duration_s
    step = step_s if step_s is not None else duration / STEPS_PER_ROUND
    log = start(scenario, [(role.id, f"{p.name} bot") for role, p in zip(roles, cast,
                                                                         strict=True)],
                T0, bots=range(len(cast)))
    state = replay(scenario, log)
    game = Game(cast, state, events=list(log))
    rngs = [random.Random(f"{seed}:{seat}") for seat in range(len(cast))]
    memories: list[Memory | None] = [None] * len(cast)
    turn = random.Random(seed).randrange(len(cast))
    now = T0
    for _ in range(STEPS_PER_ROUND * 10 + 10):
        now += step
        owed = clock.due(state, now)
        if owed:
            state = fold(state, owed)
            game.events += owed
        if state.stage.closed:
            break
        seat = turn % len(cast)
        turn += 1
        view = member_view(state, seat, now)
        memories[seat] = observe(memories[seat], view)
        decision = decide(view, rngs[seat], cast[seat], memories[seat])
        if decision is None:
            continue
        try:
            events = apply(state, to_command(decision, seat), now)
        except RuleError as error:
            game.moves.append(Move(seat, now - T0, decision, error.code))
            continue
        game.moves.append(Move(seat, now - T0, decision))
        state = fold(state, events)
        game.events += events
    game.state = state
    return game


@dataclass(frozen=True)
class Summary:
    """Figures over many games of one pairing; shares are of all games played."""

    pairing: str
    games: int
    agreement_rate: float
    mean_efficiency: float | None
    pareto_share: float
    lose_lose_share: float
    refused: int


def summarize(pairing: str, scenario: Scenario, games: Sequence[Game],
              analysis: Analysis | None = None) -> Summary:
    """Agreement rate, mean efficiency (no-deals count at their BATNA point), Pareto-optimal
    share and lose/lose share over `games`."""
    scores: list[Score] = []
    for game in games:
        roles = [m.role for m in game.state.members]
        if analysis is None or list(analysis.roles) != roles:
            analysis = analyze(scenario, roles)
        scores.append(score(scenario, roles, game.state.deal, analysis))
    n = len(scores) or 1
    efficiencies = [s.efficiency for s in scores if s.efficiency is not None]
    return Summary(
        pairing=pairing, games=len(scores),
        agreement_rate=sum(s.deal for s in scores) / n,
        mean_efficiency=sum(efficiencies) / len(efficiencies) if efficiencies else None,
        pareto_share=sum(s.deal and s.pareto_optimal for s in scores) / n,
        lose_lose_share=sum(s.lose_lose for s in scores) / n,
        refused=sum(1 for g in games for m in g.moves if m.refused))


def simulate_pairing(scenario: Scenario, personas: Sequence[str], games: int,
                     seed: int) -> tuple[Summary, list[Game]]:
    """Play `games` games with seeds seed, seed+1, ...; personas rotate over the roles from
    one game to the next, so every persona plays every role."""
    played = []
    for index in range(games):
        shift = index % len(personas)
        cast = list(personas[shift:]) + list(personas[:shift])
        played.append(play(scenario, cast, seed + index))
    pairing = " x ".join(persona(p).name for p in personas)
    return summarize(pairing, scenario, played), played


def load_scenario(scenario_id: str) -> Scenario:
    """The latest good version of a scenario from SCENARIO_DIR (default ./scenarios)."""
    from game.scenarios.registry import ScenarioRegistry

    registry = ScenarioRegistry(Path(os.environ.get("SCENARIO_DIR", "scenarios")))
    return registry.get(scenario_id)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


@click.command("simulate")
@click.argument("scenario_id", metavar="SCENARIO")
@click.argument("personas", metavar="PERSONA...", nargs=-1, required=True)
@click.option("--games", "-n", type=click.IntRange(min=1), default=50, show_default=True,
              help="Games per pairing.")
@click.option("--seed", "-s", type=int, default=0, show_default=True,
              help="Seed of the first game; the next games use seed+1, seed+2, ...")
@click.option("--explain", is_flag=True,
              help="Also print every move of the first game with the bot's one-sentence "
                   "reason, as the debrief shows it.")
def simulate(scenario_id: str, personas: tuple[str, ...], games: int, seed: int,
             explain: bool) -> None:
    """Play bots of the given PERSONAs (one per seat) against each other in SCENARIO and
    print agreement rate, mean efficiency, Pareto-optimal and lose/lose shares."""
    try:
        scenario = load_scenario(scenario_id)
    except KeyError:
        raise click.BadParameter(f"no scenario {scenario_id!r}", param_hint="SCENARIO")\
            from None
    for name in personas:
        try:
            persona(name)
        except KeyError as error:
            raise click.BadParameter(str(error.args[0]), param_hint="PERSONA") from None
    if len(personas) not in scenario.group_sizes:
        sizes = scenario.group_sizes
        raise click.BadParameter(f"{scenario.id!r} seats {sizes.start} to {sizes.stop - 1} "
                                 f"members; give one persona per seat", param_hint="PERSONA")
    summary, played = simulate_pairing(scenario, personas, games, seed)
    if explain:
        first = played[0]
        click.echo(f"game 1 (seed {seed}):")
        for move in first.moves:
            who = f"{first.state.members[move.seat].name} ({first.state.members[move.seat].role})"
            status = f" [refused: {move.refused}]" if move.refused else ""
            click.echo(f"  {move.at:7.1f} s  {who}: {move.decision.explanation}{status}")
    click.echo(f"{scenario.id}: {summary.games} games, seeds {seed}..{seed + games - 1}")
    click.echo(f"{'pairing':<34}{'games':>6}{'agree':>8}{'efficiency':>12}{'pareto':>8}"
               f"{'lose/lose':>11}")
    efficiency = "-" if summary.mean_efficiency is None else f"{summary.mean_efficiency:.2f}"
    click.echo(f"{summary.pairing:<34}{summary.games:>6}{_percent(summary.agreement_rate):>8}"
               f"{efficiency:>12}{_percent(summary.pareto_share):>8}"
               f"{_percent(summary.lose_lose_share):>11}")
    if summary.refused:
        click.echo(f"warning: the core refused {summary.refused} bot commands", err=True)
