# khabar — the two commands of the README:
#   make run    set up .venv and run khabar on ./data/khabar.db at http://127.0.0.1:8000
#   make test   set up the test dependencies and run the whole suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/khabar.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	$(BIN)/khabar --db $(DB) run --host $(HOST) --port $(PORT)

# The checkers (configured in pyproject.toml): lint (ruff), the layer contracts of
# docs/design.md (import-linter: imports point down, SQLAlchemy only in the store), and
# types (mypy, strict on the Arabic core and the store).
check: $(VENV)/.installed-test
	$(BIN)/ruff check khabar tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/mypy khabar/arabic khabar/store

test: check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(BIN)/python bench/import_ant.py

screenshots: $(VENV)/.installed-test
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
