"""Scenario authoring shell: YAML files in, frozen core `Scenario` values out.

    load_file(path) -> Scenario            raises ScenarioError (every problem, located)
    check_file(path) -> CheckResult        problems returned, never raised
    ScenarioRegistry(directory)            live, thread-safe set of scenario versions

Only this package touches YAML and pydantic; `game.core` stays standard-library only.
"""

from game.scenarios.loader import (
    CheckResult,
    check_file,
    check_source,
    load_file,
    load_source,
)
from game.scenarios.problems import Problem, ScenarioError
from game.scenarios.registry import ScenarioRegistry

__all__ = [
    "CheckResult",
    "Problem",
    "ScenarioError",
    "ScenarioRegistry",
    "check_file",
    "check_source",
    "load_file",
    "load_source",
]
