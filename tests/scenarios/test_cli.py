"""The `scenarios` command group through click's CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.scenarios.cli import scenarios
from game.scenarios.schema import json_schema_text
from tests.scenarios.helpers import MINI

SHIPPED = Path(__file__).resolve().parents[2] / "scenarios"
LINE = re.compile(r"^.+:\d+:\d+: (error|warning): .+$")


@pytest.fixture
def runner():
    return CliRunner()


def test_check_shipped_scenarios(runner):
    result = runner.invoke(scenarios, ["check"], env={"SCENARIO_DIR": str(SHIPPED)})
    files = len(list(SHIPPED.glob("*.yaml")))
    assert result.exit_code == 0, result.output
    assert result.output == f"{files} files checked: 0 errors, 0 warnings\n"


def test_check_reports_errors_then_warnings(runner, tmp_path):
    (tmp_path / "bad.yaml").write_text(MINI.replace("batna: 10", "batna: ten", 1))
    (tmp_path / "meh.yaml").write_text(MINI.replace("label: A one", "label: y")
                                       .replace("id: mini", "id: meh"))
    (tmp_path / "good.yaml").write_text(MINI)
    result = runner.invoke(scenarios, ["check", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'bad.yaml'}:12:12: error: roles[0].batna")
    assert lines[1] == ""
    assert lines[2].startswith(f"{tmp_path / 'meh.yaml'}:15:16: warning:")
    assert all(LINE.match(line) for line in lines[:1] + lines[2:3])
    assert lines[-1] == "3 files checked: 1 error, 1 warning (1 file cannot be used)"


def test_check_warnings_only_exit_zero(runner, tmp_path):
    path = tmp_path / "meh.yaml"
    path.write_text(MINI.replace("label: A one", "label: y"))
    result = runner.invoke(scenarios, ["check", str(path)])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "1 file checked: 0 errors, 1 warning"


def test_check_missing_path_and_empty_dir(runner, tmp_path):
    result = runner.invoke(scenarios, ["check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1 and "1:1: error: cannot read the file" in result.output
    result = runner.invoke(scenarios, ["check"], env={"SCENARIO_DIR": str(tmp_path)})
    assert result.exit_code == 1 and "no scenario files" in result.output


def test_schema_command(runner, tmp_path):
    out = tmp_path / "s.json"
    result = runner.invoke(scenarios, ["schema", "--output", str(out)])
    assert result.exit_code == 0 and result.output == f"wrote {out}\n"
    schema = json.loads(out.read_text())
    assert schema["$schema"].endswith("2020-12/schema")
    assert {"metadata", "roles", "issues", "points", "$schema"} <= set(schema["properties"])
    assert schema["additionalProperties"] is False
    result = runner.invoke(scenarios, ["schema"], env={"SCENARIO_DIR": str(tmp_path)})
    assert (tmp_path / "scenario.schema.json").read_text() == out.read_text()
    assert runner.invoke(scenarios, ["schema", "-o", "-"]).output == json_schema_text()


def test_shipped_schema_is_fresh():
    assert (SHIPPED / "scenario.schema.json").read_text(encoding="utf-8") == json_schema_text()


def test_analyze_orange(runner, tmp_path):
    plot = tmp_path / "orange.svg"
    result = runner.invoke(scenarios, ["analyze", "orange", "--plot", str(plot)],
                           env={"SCENARIO_DIR": str(SHIPPED)})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "outcome space: 4 outcomes" in out
    assert "Pareto frontier: 1 point\n  (100, 100) joint 200: orange=separate" in out
    assert "max joint (everyone at or above BATNA): 200" in out
    assert "all-compromise joint: (40, 40) joint 80: orange=halve" in out
    assert "integrative potential: 120 (60% of max joint)" in out
    assert "Nash point: (100, 100)" in out and "Kalai-Smorodinsky point: (100, 100)" in out
    assert "  orange: compatible" in out  # once the peel/juice option exists, both want it
    assert "<svg" in plot.read_text()


def test_analyze_by_path_three_roles_png(runner, tmp_path):
    plot = tmp_path / "trio.png"
    result = runner.invoke(scenarios, ["analyze", str(SHIPPED / "three_party.yaml"),
                                       "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    assert "first two of 3 roles drawn: maker and vendor" in result.output
    assert plot.read_bytes().startswith(b"\x89PNG")


def test_analyze_no_zopa_and_roles(runner):
    env = {"SCENARIO_DIR": str(SHIPPED)}
    result = runner.invoke(scenarios, ["analyze", "no_zopa"], env=env)
    assert "deal possible (an outcome beats every BATNA): False" in result.output
    assert "max joint (everyone at or above BATNA): None" in result.output
    result = runner.invoke(scenarios, ["analyze", "three_party", "--roles", "maker,integrator"],
                           env=env)
    assert result.exit_code == 0 and "roles: maker, integrator; BATNAs: (40, 60)" in result.output


def test_analyze_errors(runner, tmp_path):
    env = {"SCENARIO_DIR": str(SHIPPED)}
    result = runner.invoke(scenarios, ["analyze", "nope"], env=env)
    assert result.exit_code == 1 and "no loadable scenario 'nope'" in result.output
    result = runner.invoke(scenarios, ["analyze", "orange", "--plot", "x.pdf"], env=env)
    assert result.exit_code == 2 and ".svg or .png" in result.output
    result = runner.invoke(scenarios, ["analyze", "orange", "--roles", "chef"], env=env)
    assert result.exit_code == 1 and "bad --roles" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata: [\n")
    result = runner.invoke(scenarios, ["analyze", str(bad)])
    assert result.exit_code == 1 and "does not load" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("char", ["\x00", "\x07"])
def test_control_character_check_and_analyze(runner, tmp_path, char):
    path = tmp_path / "bel.yaml"
    path.write_text(MINI.replace("Role B.", f"Role{char} B."), encoding="utf-8")
    result = runner.invoke(scenarios, ["check", str(path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    first = result.output.splitlines()[0]
    assert LINE.match(first) and f"{path}:26:22: error:" in first and "(hint: " in first
    result = runner.invoke(scenarios, ["analyze", str(path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "does not load" in result.output and f"U+{ord(char):04X}" in result.output


def test_check_duplicate_ids_across_files(runner, tmp_path):
    (tmp_path / "b.yaml").write_text(MINI.replace("title: Mini", "title: Copy"))
    (tmp_path / "a.yaml").write_text(MINI)
    result = runner.invoke(scenarios, ["check", str(tmp_path / "b.yaml"), str(tmp_path / "a.yaml")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (f"{tmp_path / 'b.yaml'}:2:7: error: scenario id 'mini' is already used "
                        f"by {tmp_path / 'a.yaml'} (hint: copying a file? give this one its own "
                        "metadata.id (a file named mini.yaml owns the id 'mini'; otherwise the "
                        "first file by name does))")
    assert lines[-1] == "2 files checked: 1 error, 0 warnings (1 file cannot be used)"
    other = (tmp_path / "b.yaml")
    other.write_text(MINI.replace("id: mini", "id: other"))
    assert runner.invoke(scenarios, ["check", str(tmp_path)]).exit_code == 0


def test_plot_extension_checked_before_the_analysis(runner):
    result = runner.invoke(scenarios, ["analyze", "orange", "--plot", "x.jpg"],
                           env={"SCENARIO_DIR": str(SHIPPED)})
    assert result.exit_code == 2
    assert "outcome space" not in result.output and ".svg or .png" in result.output


def test_plot_into_a_missing_directory(runner, tmp_path):
    target = tmp_path / "nonexistent" / "dir" / "x.svg"
    result = runner.invoke(scenarios, ["analyze", "orange", "--plot", str(target)],
                           env={"SCENARIO_DIR": str(SHIPPED)})
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.startswith("Error: cannot write") and "does not exist" in result.output


def test_plot_write_failure_is_a_clean_error(runner, tmp_path, monkeypatch):
    import game.scenarios.plot as plot

    def fail(analysis, path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(plot, "draw", fail)
    result = runner.invoke(scenarios, ["analyze", "orange", "--plot", str(tmp_path / "x.svg")],
                           env={"SCENARIO_DIR": str(SHIPPED)})
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "Error: cannot write" in result.output and "Permission denied" in result.output


def test_check_puts_the_duplicate_id_error_on_the_copy(runner, tmp_path, monkeypatch):
    """`cp scenarios/orange.yaml scenarios/cooks.yaml`: orange.yaml owns the id 'orange'."""
    monkeypatch.chdir(tmp_path)
    if True:
        Path("scenarios").mkdir()
        Path("scenarios/orange.yaml").write_text((SHIPPED / "orange.yaml").read_text())
        Path("scenarios/cooks.yaml").write_text((SHIPPED / "orange.yaml").read_text())
        result = runner.invoke(scenarios, ["check"], env={"SCENARIO_DIR": None})
        assert result.exit_code == 1
        first = result.output.splitlines()[0]
        assert first.startswith("scenarios/cooks.yaml:") and "by scenarios/orange.yaml" in first
        # checking the copy alone compares it with the rest of the directory
        result = runner.invoke(scenarios, ["check", "scenarios/cooks.yaml"],
                               env={"SCENARIO_DIR": None})
        assert result.exit_code == 1 and "already used by scenarios/orange.yaml" in result.output
        result = runner.invoke(scenarios, ["check", "scenarios/orange.yaml"],
                               env={"SCENARIO_DIR": None})
        assert result.exit_code == 0, result.output
        # analyze serves the owner, not the copy
        Path("scenarios/cooks.yaml").write_text(
            (SHIPPED / "orange.yaml").read_text().replace("title: One orange, two cooks",
                                                          "title: The copy"))
        result = runner.invoke(scenarios, ["analyze", "orange"], env={"SCENARIO_DIR": None})
        assert "One orange, two cooks" in result.output and "The copy" not in result.output


def test_check_of_an_outside_file_warns_about_a_shipped_id(runner, tmp_path):
    draft = tmp_path / "my_draft.yaml"
    draft.write_text((SHIPPED / "orange.yaml").read_text())
    result = runner.invoke(scenarios, ["check", str(draft)], env={"SCENARIO_DIR": str(SHIPPED)})
    assert result.exit_code == 0, result.output
    [line, summary] = result.output.splitlines()
    assert line.startswith(f"{draft}:") and ": warning: scenario id 'orange' is already used by "
    assert str(SHIPPED / "orange.yaml") in line and "copying a shipped file? change metadata.id" \
        in line
    assert summary == "1 file checked: 0 errors, 1 warning"
    draft.write_text(MINI)
    assert runner.invoke(scenarios, ["check", str(draft)],
                         env={"SCENARIO_DIR": str(SHIPPED)}).output.endswith("0 warnings\n")
