"""The registry reloads live, keeps the last good version and every version by hash."""

from __future__ import annotations

import hashlib
import logging
import os
import threading

import pytest

from game.scenarios.problems import ScenarioError
from game.scenarios.registry import ScenarioRegistry
from tests.scenarios.helpers import MINI, edit


def write(path, text, tick):
    """Write and move the modification time forward so the change is always seen."""
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(tick * 10**9, tick * 10**9))


def sha(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_live_reload_and_versions(tmp_path, caplog):
    path = tmp_path / "mini.yaml"
    write(path, MINI, 1)
    registry = ScenarioRegistry(tmp_path)
    first = registry.get("mini")
    assert first.content_hash == sha(MINI)
    assert registry.source(sha(MINI)) == MINI

    changed = edit(MINI, "title: Mini", "title: Mini, revised")
    write(path, changed, 2)
    assert registry.refresh()[0].scenario is not None
    assert registry.get("mini").title == "Mini, revised"
    assert registry.get("mini").content_hash == sha(changed)
    assert registry.version(sha(MINI)) == first  # a running round keeps its version

    broken = MINI.replace("batna: 10", "batna: ten")
    with caplog.at_level(logging.WARNING, logger="game.scenarios"):
        write(path, broken, 3)
        registry.refresh()
    assert registry.get("mini").content_hash == sha(changed)  # last good version kept
    assert "keeping the last good version" in caplog.text
    assert "mini.yaml:12:12: error" in caplog.text
    assert registry.problems()[str(path)][0].line == 12


def test_unchanged_files_are_not_reread(tmp_path):
    write(tmp_path / "mini.yaml", MINI, 1)
    registry = ScenarioRegistry(tmp_path)
    assert registry.refresh() == []


def test_new_and_deleted_files(tmp_path):
    registry = ScenarioRegistry(tmp_path)
    assert registry.all() == []
    write(tmp_path / "mini.yaml", MINI, 1)
    other = edit(MINI, "id: mini", "id: other")
    write(tmp_path / "other.yaml", other, 1)
    registry.refresh()
    assert [s.id for s in registry.all()] == ["mini", "other"]
    (tmp_path / "other.yaml").unlink()
    registry.refresh()
    assert [s.id for s in registry.all()] == ["mini"]
    with pytest.raises(KeyError):
        registry.get("other")
    assert registry.version(sha(other)).id == "other"


def test_broken_new_file_is_not_loaded(tmp_path, caplog):
    write(tmp_path / "bad.yaml", "metadata: [\n", 1)
    with caplog.at_level(logging.ERROR, logger="game.scenarios"):
        registry = ScenarioRegistry(tmp_path)
    assert registry.all() == [] and "not loaded" in caplog.text


def test_duplicate_ids_first_file_wins(tmp_path, caplog):
    write(tmp_path / "a.yaml", MINI, 1)
    write(tmp_path / "b.yaml", edit(MINI, "title: Mini", "title: Copy"), 1)
    with caplog.at_level(logging.ERROR, logger="game.scenarios"):
        registry = ScenarioRegistry(tmp_path)
    assert registry.get("mini").title == "Mini"
    assert "already used" in caplog.text


def test_register_source_rebuilds_a_stored_version(tmp_path):
    registry = ScenarioRegistry(tmp_path)
    old = edit(MINI, "title: Mini", "title: Old")
    scenario = registry.register_source(old, "stored.yaml")
    assert scenario.content_hash == sha(old)
    assert registry.version(sha(old)) is scenario
    assert registry.register_source(old) is scenario
    assert registry.all() == []  # stored versions do not become current
    with pytest.raises(ScenarioError) as caught:
        registry.register_source("metadata: {}\n", "stored.yaml")
    assert caught.value.problems[0].file == "stored.yaml"


def test_source_round_trip_keeps_the_hash(tmp_path):
    raw = b"\xef\xbb\xbf" + MINI.replace("\n", "\r\n").encode()
    (tmp_path / "mini.yaml").write_bytes(raw)
    registry = ScenarioRegistry(tmp_path)
    digest = registry.get("mini").content_hash
    assert digest == hashlib.sha256(raw).hexdigest()
    fresh = ScenarioRegistry(tmp_path / "elsewhere")
    assert fresh.register_source(registry.source(digest)).content_hash == digest


def test_concurrent_refresh_and_reads(tmp_path):
    write(tmp_path / "mini.yaml", MINI, 1)
    registry = ScenarioRegistry(tmp_path)
    errors = []

    def reader():
        try:
            for _ in range(200):
                assert registry.get("mini").id == "mini"
        except Exception as error:  # collected for the assertion below
            errors.append(error)

    def writer():
        for tick in range(2, 22):
            write(tmp_path / "mini.yaml", edit(MINI, "title: Mini", f"title: Mini {tick}"), tick)
            registry.refresh()

    threads = [threading.Thread(target=reader) for _ in range(4)]
    threads.append(threading.Thread(target=writer))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert registry.get("mini").title == "Mini 21"


def test_control_character_never_raises_and_keeps_the_good_version(tmp_path, caplog):
    write(tmp_path / "mini.yaml", MINI, 1)
    other = edit(MINI, "id: mini", "id: other")
    write(tmp_path / "other.yaml", other, 1)
    registry = ScenarioRegistry(tmp_path)
    write(tmp_path / "mini.yaml", MINI.replace("Role B.", "Role\x07 B."), 2)
    write(tmp_path / "other.yaml", edit(other, "title: Mini", "title: Other"), 2)
    with caplog.at_level(logging.ERROR, logger="game.scenarios"):
        registry.refresh()
    assert "Traceback" not in caplog.text and "U+0007" in caplog.text
    assert registry.get("mini").content_hash == sha(MINI)  # last good version kept
    assert registry.get("other").title == "Other"  # the later file still reloads
    assert "control character" in registry.problems()[str(tmp_path / "mini.yaml")][0].message


def test_refresh_survives_an_unexpected_failure(tmp_path, caplog, monkeypatch):
    import game.scenarios.registry as module

    write(tmp_path / "a.yaml", MINI, 1)
    write(tmp_path / "b.yaml", edit(MINI, "id: mini", "id: other"), 1)
    registry = ScenarioRegistry(tmp_path)
    real = module.check_source
    calls = []

    def flaky(raw, filename):
        calls.append(filename)
        if filename.endswith("a.yaml"):
            raise RuntimeError("boom")
        return real(raw, filename)

    monkeypatch.setattr(module, "check_source", flaky)
    write(tmp_path / "a.yaml", edit(MINI, "title: Mini", "title: New"), 2)
    write(tmp_path / "b.yaml", edit(MINI, "id: mini", "id: other").replace("Mini", "B"), 2)
    with caplog.at_level(logging.ERROR, logger="game.scenarios"):
        results = registry.refresh()  # must not raise
    assert [r.scenario is None for r in results] == [True, False]
    assert registry.get("mini").title == "Mini" and registry.get("other").title == "B"
    problem = registry.problems()[str(tmp_path / "a.yaml")][0]
    assert problem.is_error and "RuntimeError: boom" in problem.message and problem.hint
    caplog.clear()
    calls.clear()
    assert registry.refresh() == [] and calls == []  # not retried until the file changes
    assert caplog.text == ""


def test_duplicate_id_keeps_the_served_version(tmp_path, caplog):
    write(tmp_path / "orange.yaml", MINI, 1)
    registry = ScenarioRegistry(tmp_path)
    dup = edit(MINI, "title: Mini", "title: Impostor")
    write(tmp_path / "aa_dup.yaml", dup, 2)  # sorts first, arrives later
    with caplog.at_level(logging.ERROR, logger="game.scenarios"):
        registry.refresh()
    assert registry.get("mini").title == "Mini"
    assert [s.title for s in registry.all()] == ["Mini"]
    assert "aa_dup.yaml" in caplog.text and "already used by" in caplog.text
    [problem] = registry.problems()[str(tmp_path / "aa_dup.yaml")]
    assert problem.is_error and (problem.line, problem.column) == (2, 7)
    assert str(tmp_path / "orange.yaml") in problem.message and problem.hint
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="game.scenarios"):
        registry.refresh()
    assert caplog.text == ""  # logged once, not every refresh
    # editing the served file keeps it served
    write(tmp_path / "orange.yaml", edit(MINI, "title: Mini", "title: Mini 2"), 3)
    registry.refresh()
    assert registry.get("mini").title == "Mini 2"
    # on a fresh start the first file by name wins, and the clash is logged
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="game.scenarios"):
        fresh = ScenarioRegistry(tmp_path)
    assert fresh.get("mini").title == "Impostor"
    assert "orange.yaml" in caplog.text and "already used by" in caplog.text
    # when the serving file goes, the other one takes over
    (tmp_path / "orange.yaml").unlink()
    registry.refresh()
    assert registry.get("mini").title == "Impostor"
    assert registry.problems()[str(tmp_path / "aa_dup.yaml")] == ()


def test_fresh_start_gives_the_id_to_the_file_named_after_it(tmp_path, caplog):
    """`cp orange.yaml cooks.yaml`: the copy sorts first but orange.yaml owns 'orange'."""
    mini = edit(MINI, "id: mini", "id: orange")
    write(tmp_path / "orange.yaml", mini, 1)
    write(tmp_path / "cooks.yaml", edit(mini, "title: Mini", "title: Copy"), 1)
    with caplog.at_level(logging.INFO, logger="game.scenarios"):
        registry = ScenarioRegistry(tmp_path)
    assert registry.get("orange").title == "Mini"
    assert registry.problems()[str(tmp_path / "orange.yaml")] == ()
    [problem] = registry.problems()[str(tmp_path / "cooks.yaml")]
    assert f"already used by {tmp_path / 'orange.yaml'}" in problem.message
    loaded = [r.getMessage() for r in caplog.records if "loaded scenario" in r.getMessage()]
    assert loaded == [f"loaded scenario 'orange' version {sha(mini)[:12]} from "
                      f"{tmp_path / 'orange.yaml'}"]  # nothing logged as loaded from the copy


def test_restored_file_logs_valid_again(tmp_path, caplog):
    path = tmp_path / "mini.yaml"
    write(path, MINI, 1)
    registry = ScenarioRegistry(tmp_path)
    write(path, MINI.replace("batna: 10", "batna: ten"), 2)
    registry.refresh()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="game.scenarios"):
        write(path, MINI, 3)
        registry.refresh()
    assert caplog.messages == [f"{path}: valid again, serving version {sha(MINI)[:12]}"]
    assert caplog.records[0].levelno == logging.INFO
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="game.scenarios"):
        write(path, edit(MINI, "title: Mini", "title: New"), 4)
        registry.refresh()
    assert [m for m in caplog.messages if "valid again" in m] == []
