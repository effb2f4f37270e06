"""Live editing: new rounds use an edited scenario file, running rounds keep their version,
and a version survives a restart through the YAML stored with the negotiation."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from game.config import ROOT
from tests.sockets.helpers import frames


@pytest.fixture
def config(config: Any, tmp_path: Path) -> Any:
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", folder)
    config.SCENARIO_DIR = str(folder)
    return config


def pair(connect: Any) -> dict[str, Any]:
    a, b = connect(), connect()
    a.emit("join", {"name": "Ada"})
    b.emit("join", {"name": "Bo"})
    return [f for f in frames(a, "state")][-1]


def test_an_edit_reaches_new_rounds_only(app: Any, connect: Any, config: Any) -> None:
    services = app.extensions["partner_math"]
    first = pair(connect)
    old_hash = first["view"]["scenario"]["hash"]
    path = Path(config.SCENARIO_DIR) / "orange.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title:", "title: Edited —", 1), encoding="utf-8")
    services.scenarios.refresh()
    second = pair(connect)
    assert second["view"]["scenario"]["hash"] != old_hash
    assert second["view"]["scenario"]["title"].startswith("Edited")
    running = services.negotiations.state(first["negotiation"])
    assert running.scenario.content_hash == old_hash
    assert not running.scenario.title.startswith("Edited")


def test_a_broken_edit_keeps_the_last_good_version(app: Any, connect: Any,
                                                   config: Any) -> None:
    services = app.extensions["partner_math"]
    good = services.scenarios.get("orange").content_hash
    path = Path(config.SCENARIO_DIR) / "orange.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nnot_a_key: [\n", encoding="utf-8")
    services.scenarios.refresh()
    assert services.scenarios.get("orange").content_hash == good
    assert pair(connect)["view"]["scenario"]["hash"] == good


def test_a_restart_rebuilds_an_old_version_from_the_database(app: Any, connect: Any,
                                                             config: Any) -> None:
    from game.scenarios.registry import ScenarioRegistry
    services = app.extensions["partner_math"]
    first = pair(connect)
    old_hash = first["view"]["scenario"]["hash"]
    path = Path(config.SCENARIO_DIR) / "orange.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title:", "title: Edited —", 1), encoding="utf-8")
    # A restarted process: a fresh registry that never saw the old file, and no cache.
    services.scenarios = services.negotiations.scenarios = ScenarioRegistry(
        config.SCENARIO_DIR)
    services.negotiations._cache.clear()
    with pytest.raises(KeyError):
        services.scenarios.version(old_hash)
    rebuilt = services.negotiations.state(first["negotiation"])
    assert rebuilt.scenario.content_hash == old_hash


def test_the_state_cache_forgets_the_least_recently_used_and_reloads_from_the_log(
        app: Any, connect: Any) -> None:
    from game.services.negotiations import StateCache
    services = app.extensions["partner_math"]
    services.negotiations._cache = StateCache(1)
    first = pair(connect)["negotiation"]
    second = pair(connect)["negotiation"]
    assert services.negotiations._cache.get(first) is None
    assert services.negotiations._cache.get(second) is not None
    assert services.negotiations.state(first).members[0].name == "Ada"
    assert len(services.negotiations._cache) == 1
