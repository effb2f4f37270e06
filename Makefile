# Partner Math: `make serve` sets up and serves the game; `make test` sets up and runs
# every test. Both work on a fresh machine with Python 3.11+, Node.js and npm.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: serve test setup setup-test test-sqlite test-postgres test-threading lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

setup: $(VENV)/.installed node_modules/.package-lock.json

## Serve on http://$(HOST):$(PORT) with SQLite in instance/ (one process, eventlet)
serve: setup
	$(BIN)/python wsgi.py --host $(HOST) --port $(PORT)

## Browser tests need Chromium; install it when missing (needs root and Debian's apt)
setup-test: setup
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium

## Every test: all on SQLite, the database tests again on PostgreSQL (TEST_DATABASE_URL),
## and the real-server tests again in the threading async mode
test: setup-test test-sqlite test-postgres test-threading

test-sqlite:
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-postgres:
	TEST_DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest -q -p no:cacheprovider \
		-m "not browser" tests/sockets tests/live tests/services tests/web tests/db \
		tests/instructor tests/debrief tests/bots/test_runner.py

test-threading:
	ASYNC_MODE=threading $(BIN)/python -m pytest -q -p no:cacheprovider tests/live \
		tests/bots/test_runner.py tests/classroom

lint:
	$(BIN)/ruff check game tests benchmarks wsgi.py
	$(BIN)/mypy

clean:
	rm -rf $(VENV) node_modules .pytest_cache
