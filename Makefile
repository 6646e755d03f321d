# Two commands on a fresh machine with Python 3.11: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
# Test processes (pytest-xdist): four per core, at most 8, so that the suite keeps its share of
# a machine other work keeps busy (2 cores: 8 processes; measured in benchmarks/RESULTS.md,
# "Test suite on a busy 2-core machine"); `make test PYTEST_WORKERS=0` runs in one process.
# `--dist loadgroup`: the modules named in tests/conftest.py (WHOLE_MODULES, SHARED_FIXTURE_GROUPS)
# run in one process each, or one per group, so their fixtures are built once (the conftest's
# scheduler reads the group from the test's module: pytest 9 ignores xdist_group marks).
PYTEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print(min(4 * (os.cpu_count() or 1), 8))")

.PHONY: all demo test bench lab lint format clean

all: test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's metadata changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/timestudy demo --out out/demo

# compileall: the package's bytecode written once, so that the test processes and the
# programs they start do not each compile it afresh (where PYTHONDONTWRITEBYTECODE is set,
# none of them would write it). The test modules' assertion-rewritten bytecode is written once
# the same way, by the process that starts the test processes (tests/_rewritten.py).
test: $(STAMP)
	$(BIN)/lint-imports
	$(BIN)/python -m compileall -q timestudy
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --maxprocesses 8 --dist loadgroup $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache .hypothesis
