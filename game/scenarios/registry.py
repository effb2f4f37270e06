"""A live, thread-safe registry of scenario versions loaded from a directory of YAML files.

Every version ever loaded stays retrievable by its content hash (running rounds keep theirs);
`get(id)` gives the latest good version of a file that still exists. `refresh()` re-reads
only files whose modification time, size or inode changed. A file that stops validating keeps
its last good version; its problems are logged (logger `game.scenarios`) and kept in
`problems()`. No file content can make `refresh()` raise: an unexpected failure while reading
one file is logged as that file's problem and the other files still load. Two files with the
same `metadata.id`: the registry keeps serving the file it already serves for that id and
refuses the other (logged, and kept in `problems()`); on a fresh start (or when the serving
file goes) a file named `<id>.yaml` wins, else the first by base name, as in `check`.
`register_source(text)` rebuilds a version from stored YAML text, e.g. after a restart, so
old rounds replay against exactly the scenario they were played with.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from game.core.scenario import Scenario
from game.scenarios.loader import (
    CheckResult,
    check_source,
    claim_order,
    content_hash,
    id_problem,
    read_file,
)
from game.scenarios.problems import Problem, ScenarioError, sort_problems

log = logging.getLogger("game.scenarios")


@dataclass
class _FileState:
    signature: tuple[int, int, int]  # (mtime_ns, size, inode)
    good_hash: str | None
    problems: tuple[Problem, ...]
    clash: Problem | None = None  # the duplicate-id error of the good version, when refused
    good_result: CheckResult | None = None  # the check of the good version (for id marks)


class ScenarioRegistry:
    """Scenarios of `directory` (every `*.yaml` file), by id and by content hash."""

    def __init__(self, directory: str | os.PathLike[str], *, load: bool = True) -> None:
        self.directory = Path(directory)
        self._lock = threading.RLock()
        self._files: dict[Path, _FileState] = {}
        self._versions: dict[str, Scenario] = {}
        self._sources: dict[str, str] = {}
        self._owners: dict[str, Path] = {}  # scenario id -> the file that serves it
        self._news: dict[Path, bool] = {}  # files with a new good version -> were broken
        if load:
            self.refresh()

    def refresh(self) -> list[CheckResult]:
        """Re-scan the directory: load new and changed files, forget deleted ones.

        Returns the check results of the files that were (re)read, in file-name order.
        """
        with self._lock:
            paths = sorted(self.directory.glob("*.yaml")) if self.directory.is_dir() else []
            for gone in set(self._files) - set(paths):
                log.info("scenario file %s was removed", gone)
                del self._files[gone]
            results = []
            for path in paths:
                try:
                    stat = path.stat()
                except OSError:
                    continue  # deleted between glob and stat: the next refresh forgets it
                signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
                state = self._files.get(path)
                if state is not None and state.signature == signature:
                    continue
                try:
                    results.append(self._load(path, signature, state))
                except Exception as error:  # never let one file stop the others
                    results.append(self._failed(path, signature, state, error))
            self._assign_owners()
            return results

    def _failed(self, path: Path, signature: tuple[int, int, int], state: _FileState | None,
                error: Exception) -> CheckResult:
        """Record an unexpected failure as the file's problem; its last good version stays.
        The signature is stored, so the file is not retried (or logged) until it changes."""
        problem = Problem(str(path), 1, 1, "error", f"the file could not be checked "
                          f"({type(error).__name__}: {error})", "run `partner-math scenarios "
                          "check` on it and report the problem if it persists")
        kept = "keeping the last good version" if state and state.good_hash else "not loaded"
        log.error("scenario file %s could not be checked; %s", path, kept, exc_info=error)
        self._files[path] = _FileState(signature, state.good_hash if state else None,
                                       (problem,), good_result=state.good_result if state
                                       else None)
        return CheckResult(str(path), None, None, (problem,))

    def _load(self, path: Path, signature: tuple[int, int, int],
              state: _FileState | None) -> CheckResult:
        try:
            raw = read_file(path)
        except ScenarioError as error:
            result = CheckResult(str(path), None, None, error.problems)
        else:
            result = check_source(raw, str(path))
        good = state.good_hash if state else None
        good_result = state.good_result if state else None
        if result.scenario is not None:
            good_result = result
            digest = result.scenario.content_hash
            self._versions.setdefault(digest, result.scenario)
            self._sources.setdefault(digest, raw.decode("utf-8"))
            broken = good is not None and state is not None and any(
                problem.is_error and problem != state.clash for problem in state.problems)
            if digest != good or broken:  # logged once the owner of its id is known
                self._news[path] = broken
            good = digest
        else:
            kept = "keeping the last good version" if good else "not loaded"
            log.error("scenario file %s has %d error(s); %s", path, len(result.errors), kept)
        for problem in result.problems:
            log.log(logging.ERROR if problem.is_error else logging.WARNING, "%s", problem)
        self._files[path] = _FileState(signature, good, result.problems,
                                       good_result=good_result)
        return result

    def _current(self) -> dict[str, Scenario]:
        """The latest good version of each scenario id, from the file that owns the id."""
        return {scenario_id: self._versions[digest] for scenario_id, path in self._owners.items()
                if (digest := self._files[path].good_hash) is not None}

    def _assign_owners(self) -> None:
        """Give each scenario id to one file: the file that already serves it keeps it; an id
        without a file goes to the file named `<id>.yaml`, else the first by name. Logs the
        new versions of the files that serve. Every other file with that id is
        refused: an error is logged (once per change) and added to its problems."""
        claims: dict[str, list[Path]] = {}
        for path in sorted(self._files):
            digest = self._files[path].good_hash
            if digest is not None:
                claims.setdefault(self._versions[digest].id, []).append(path)
        owners = {}
        for scenario_id, paths in claims.items():
            owner = self._owners.get(scenario_id)
            owners[scenario_id] = owner if owner in paths else min(
                paths, key=lambda path: claim_order(scenario_id, path))
        for scenario_id, owner in owners.items():
            if self._owners.get(scenario_id) not in (None, owner):
                log.info("scenario %r is now served from %s", scenario_id, owner)
        self._owners = owners
        news, self._news = self._news, {}
        for path, was_broken in sorted(news.items()):
            digest = self._files[path].good_hash if path in self._files else None
            if digest is None or owners.get(self._versions[digest].id) != path:
                continue  # refused: its duplicate-id error is logged below
            if was_broken:
                log.info("%s: valid again, serving version %s", path, digest[:12])
            else:
                log.info("loaded scenario %r version %s from %s", self._versions[digest].id,
                         digest[:12], path)
        for path, state in sorted(self._files.items()):
            digest = state.good_hash
            owner = owners.get(self._versions[digest].id) if digest is not None else path
            clash = None
            if owner != path and state.good_result is not None:
                clash = id_problem(state.good_result, str(owner))
            if clash != state.clash:
                if clash is not None:
                    log.error("%s; %s is refused, %s keeps serving it", clash, path, owner)
                    state.problems = tuple(sort_problems((*state.problems, clash)))
                elif state.clash is not None:
                    state.problems = tuple(p for p in state.problems if p != state.clash)
                state.clash = clash

    def get(self, scenario_id: str) -> Scenario:
        """The latest good version of a scenario whose file exists; raises KeyError."""
        with self._lock:
            return self._current()[scenario_id]

    def version(self, digest: str) -> Scenario:
        """Any version seen since start, by content hash; raises KeyError."""
        with self._lock:
            return self._versions[digest]

    def source(self, digest: str) -> str:
        """The exact YAML text of a version (store it to rebuild the version later)."""
        with self._lock:
            return self._sources[digest]

    def all(self) -> list[Scenario]:
        """The latest good version of every scenario whose file exists, sorted by id."""
        with self._lock:
            return sorted(self._current().values(), key=lambda scenario: scenario.id)

    def problems(self) -> dict[str, tuple[Problem, ...]]:
        """The problems of each file at its last reading, by file path."""
        with self._lock:
            return {str(path): state.problems for path, state in sorted(self._files.items())}

    def register_source(self, text: str, filename: str = "<stored>") -> Scenario:
        """Rebuild (or find) the version made from `text`; raises ScenarioError when the text
        does not load. The version is retrievable by hash but does not change `get`."""
        raw = text.encode("utf-8")
        digest = content_hash(raw)
        with self._lock:
            if digest in self._versions:
                return self._versions[digest]
        result = check_source(raw, filename)
        if result.scenario is None:
            raise ScenarioError(result.problems)
        with self._lock:
            self._sources.setdefault(digest, text)
            return self._versions.setdefault(digest, result.scenario)
