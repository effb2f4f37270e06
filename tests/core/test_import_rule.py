"""The core imports only the standard library (and itself): no Flask, Socket.IO, SQLAlchemy,
YAML, eventlet or anything else from outside."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "game" / "core"


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            module = node.module
            if module == "game.core" or module.startswith("game.core."):
                roots.add("game.core")
            elif module == "game" or module.startswith("game."):
                roots.add(module)  # the shell: not allowed in the core
            else:
                roots.add(module.split(".")[0])
    return roots


def test_the_core_imports_only_the_standard_library() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert len(files) > 10, "the core was found"
    offenders = {}
    for path in files:
        outside = {root for root in imported_roots(path)
                   if root != "game.core" and root not in sys.stdlib_module_names}
        if outside:
            offenders[str(path.relative_to(CORE))] = sorted(outside)
    assert offenders == {}


def test_the_rule_catches_an_outside_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import flask\nfrom game.db import models\nfrom game.core import state\n")
    assert imported_roots(bad) == {"flask", "game.core", "game.db"}
