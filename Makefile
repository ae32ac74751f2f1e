# Lindung: the single entry point. `make demo` runs the demo, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
LINDUNG := $(VENV)/bin/lindung
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
PGPORT ?= 55432
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test setup lint typecheck unit test-sqlite test-postgres system-deps bench clean serve worker

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q --disable-pip-version-check uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --quiet
	@touch $@

setup: $(VENV)/.synced
	$(LINDUNG) compile_translations

## demo: install, migrate the embedded SQLite database under var/, load Kota Medan and the demo data (first time only), serve on http://$(HOST):$(PORT)
demo: setup
	$(LINDUNG) demo --addr $(HOST):$(PORT)

## test: install, lint, type check, then every test on SQLite and on a throw-away PostgreSQL, browser tests in Chromium
test: setup system-deps lint typecheck test-sqlite test-postgres

system-deps:
	@bash scripts/system-deps.sh

lint:
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks

typecheck:
	$(VENV)/bin/mypy

test-sqlite:
	$(VENV)/bin/pytest -q

test-postgres:
	@set -e; url=$$(PGPORT=$(PGPORT) bash scripts/pg.sh start | sed -n 's/^DATABASE_URL=//p'); \
	trap 'bash scripts/pg.sh stop' EXIT; \
	DATABASE_URL=$$url $(VENV)/bin/pytest -q -m "not browser" -p no:randomly

bench: setup
	$(VENV)/bin/python benchmarks/rules.py
	$(VENV)/bin/python benchmarks/import.py --xlsx-rows 20000 --csv-rows 100000

clean:
	rm -rf $(VENV) $(TOOLS) var/static
