"""`scenarios` command group: check, schema, analyze (works with or without a Flask app).

    partner-math scenarios check [PATH...]     every problem of every file; exit 1 on errors
    partner-math scenarios schema [--output F] the JSON Schema for editors
    partner-math scenarios analyze ID [--plot F.svg|F.png] [--roles a,b]

The scenario directory is $SCENARIO_DIR, else ./scenarios.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from game.core.analysis import Analysis, Point, analyze
from game.core.scenario import Scenario
from game.scenarios.loader import CheckResult, check_file, duplicate_ids, load_file
from game.scenarios.problems import Problem, ScenarioError, sort_problems
from game.scenarios.registry import ScenarioRegistry
from game.scenarios.schema import json_schema_text

SCHEMA_FILE = "scenario.schema.json"
MAX_LISTED = 20


def scenario_dir() -> Path:
    """The scenario directory: $SCENARIO_DIR, else ./scenarios."""
    return Path(os.environ.get("SCENARIO_DIR") or "scenarios")


@click.group("scenarios")
def scenarios() -> None:
    """Write, check and analyse scenario files."""


def _files(paths: tuple[Path, ...]) -> list[Path]:
    found: list[Path] = []
    for path in paths or (scenario_dir(),):
        found += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return found


@scenarios.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Check scenario files (default: every *.yaml in the scenario directory)."""
    files = _files(paths)
    if not files:
        click.echo(f"no scenario files found in {', '.join(map(str, paths or (scenario_dir(),)))}")
        raise SystemExit(1)
    results = [check_file(path) for path in files]
    clashes: dict[str, list[Problem]] = {}
    for problem in duplicate_ids(results) + _directory_clashes(results):
        clashes.setdefault(problem.file, []).append(problem)
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for result in results:
        mine = clashes.pop(result.filename, [])
        errors += sort_problems([*result.errors, *(p for p in mine if p.is_error)])
        warnings += sort_problems([*result.warnings, *(p for p in mine if not p.is_error)])
    for problem in errors:
        click.echo(str(problem))
    if warnings:
        if errors:
            click.echo("")
        for problem in warnings:
            click.echo(str(problem))
    bad = len({problem.file for problem in errors})
    click.echo(f"{len(files)} file{'s' if len(files) != 1 else ''} checked: "
               f"{len(errors)} error{'s' if len(errors) != 1 else ''}, "
               f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
               + (f" ({bad} file{'s' if bad != 1 else ''} cannot be used)" if bad else ""))
    raise SystemExit(1 if errors else 0)


def _directory_clashes(results: list[CheckResult]) -> list[Problem]:
    """Compare the checked files' ids with the scenario directory's files that were not
    checked. A checked file inside the directory that loses its id to one of them gets the
    error the server would give it; a file outside the directory (a draft, a copy) gets a
    warning naming the directory file that already uses its id."""
    directory = scenario_dir()
    if not directory.is_dir():
        return []
    checked = {Path(result.filename).resolve() for result in results}
    others = [check_file(path) for path in sorted(directory.glob("*.yaml"))
              if path.resolve() not in checked]
    owners: dict[str, list[CheckResult]] = {}
    for other in others:
        if other.spec is not None:
            owners.setdefault(other.spec.metadata.id, []).append(other)
    problems: list[Problem] = []
    home = directory.resolve()
    for result in results:
        if result.spec is None or result.spec.metadata.id not in owners:
            continue
        rivals = owners[result.spec.metadata.id]
        if Path(result.filename).resolve().parent == home:
            problems += [p for p in duplicate_ids([result, *rivals]) if p.file == result.filename]
            continue
        scenario_id = result.spec.metadata.id
        message = (f"scenario id {scenario_id!r} is already used by {rivals[0].filename} in "
                   "the scenario directory")
        hint = ("copying a shipped file? change metadata.id before you add this file to the "
                "scenario directory, or the server refuses one of them")
        if result.locator is None:
            problems.append(Problem(result.filename, 1, 1, "warning", message, hint))
        else:
            problems.append(result.locator.warning(("metadata", "id"), message, hint))
    return problems


@scenarios.command("schema")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None,
              help=f"Where to write it (default: <scenario dir>/{SCHEMA_FILE}; '-' for stdout).")
def schema(output: Path | None) -> None:
    """Write the JSON Schema of the scenario format (for editor autocompletion)."""
    text = json_schema_text()
    if output is not None and str(output) == "-":
        click.echo(text, nl=False)
        return
    target = output or scenario_dir() / SCHEMA_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target}")


def _find(scenario_id: str) -> Scenario:
    """A scenario by id from the scenario directory, or by the path of its file."""
    try:
        if scenario_id.endswith((".yaml", ".yml")) or os.sep in scenario_id:
            return load_file(scenario_id)
        return ScenarioRegistry(scenario_dir()).get(scenario_id)
    except ScenarioError as error:
        raise click.ClickException(f"{scenario_id} does not load:\n{error}") from None
    except KeyError:
        raise click.ClickException(f"no loadable scenario {scenario_id!r} in {scenario_dir()}; "
                                   "run `scenarios check`") from None


def _point(point: Point | None) -> str:
    if point is None:
        return "none (no outcome gives everyone their BATNA)"
    package = ", ".join(f"{issue}={option}" for issue, option in point.package.items())
    return f"{point.utilities} joint {point.joint}: {package}"


def report(analysis: Analysis) -> list[str]:
    """The printed analysis, one line per entry."""
    scenario = analysis.scenario
    lines = [
        f"{scenario.id} {scenario.version} ({scenario.content_hash[:12]}): {scenario.title}",
        f"roles: {', '.join(analysis.roles)}; BATNAs: {analysis.batnas}",
        f"outcome space: {analysis.size} outcomes",
        f"Pareto frontier: {len(analysis.frontier)} point"
        f"{'s' if len(analysis.frontier) != 1 else ''}",
    ]
    lines += [f"  {_point(p)}" for p in analysis.frontier[:MAX_LISTED]]
    if len(analysis.frontier) > MAX_LISTED:
        lines.append(f"  ... {len(analysis.frontier) - MAX_LISTED} more")
    potential = analysis.integrative_potential
    ratio = analysis.integrative_ratio
    lines += [
        f"max joint (everyone at or above BATNA): {analysis.max_joint}",
        f"all-compromise joint: {_point(analysis.compromise)}",
        f"integrative potential: {potential}"
        + (f" ({ratio:.0%} of max joint)" if ratio is not None else ""),
        f"deal possible (an outcome beats every BATNA): {analysis.deal_possible}",
        f"Nash point: {_point(analysis.nash)}",
        f"Kalai-Smorodinsky point: {_point(analysis.kalai_smorodinsky)}",
        "issue types:",
    ]
    lines += [f"  {issue}: {kind}" for issue, kind in analysis.issue_types.items()]
    return lines


PLOT_SUFFIXES = (".svg", ".png")


def _plot_path(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """Refuse a --plot file the chart cannot be written to before any analysis runs."""
    if value is not None and value.suffix.lower() not in PLOT_SUFFIXES:
        raise click.BadParameter(f"{value} must end in .svg or .png", ctx, param)
    return value


@scenarios.command("analyze")
@click.argument("scenario_id")
@click.option("--plot", type=click.Path(path_type=Path, dir_okay=False), default=None,
              callback=_plot_path, help="Draw the outcome space to this .svg or .png file.")
@click.option("--roles", default=None, help="Seated role ids, comma-separated (default: all).")
def analyze_command(scenario_id: str, plot: Path | None, roles: str | None) -> None:
    """Print the outcome-space analysis of a scenario (an id or a file path)."""
    if plot is not None and not plot.resolve().parent.is_dir():
        raise click.ClickException(f"cannot write {plot}: the directory {plot.parent} "
                                   "does not exist")
    scenario = _find(scenario_id)
    seated = [r.strip() for r in roles.split(",")] if roles else None
    try:
        analysis = analyze(scenario, seated)
    except (KeyError, ValueError) as error:
        raise click.ClickException(f"bad --roles: {error}") from None
    for line in report(analysis):
        click.echo(line)
    if plot is not None:
        from game.scenarios.plot import draw  # matplotlib is slow to import: only when asked

        try:
            note = draw(analysis, plot)
        except OSError as error:
            raise click.ClickException(f"cannot write {plot}: "
                                       f"{error.strerror or error}") from None
        click.echo(f"wrote {plot}" + (f" ({note})" if note else ""))
