# khabar — the two commands of the README:
#   make run    set up .venv and run khabar on ./data/khabar.db at http://127.0.0.1:8000
#   make test   set up the test dependencies and run the whole suite

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/khabar.db
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test check bench screenshots lighthouse clean fuzz faults

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# google-reader: the independent Google Reader API client of tests/web/test_greader_client.py;
# it declares Python >= 3.12 but runs on 3.11, hence its own line
$(VENV)/.installed-test: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --ignore-requires-python google-reader==0.0.3
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

# --durations: the slowest tests in every CI log, to keep the suite under its 30-minute budget;
# -n: one pytest process per core (TEST_PROCESSES=0 runs in this process), the real-corpus
# tests kept together on one of them (tests/conftest.py)
TEST_PROCESSES ?= 2
test: check
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --dist loadgroup --durations=25 $(PYTEST_ARGS)

# long runs of the hostile-input and fault suites (docs/security.md); CI runs short fixed ones
FUZZ_EXAMPLES ?= 3000
fuzz: $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=fuzz FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -p no:cacheprovider tests/hostile $(PYTEST_ARGS)

FAULT_SEEDS ?= 12
faults: $(VENV)/.installed-test
	FAULT_SEEDS=$(FAULT_SEEDS) $(BIN)/python -m pytest tests/faults $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(BIN)/python bench/import_ant.py

screenshots: $(VENV)/.installed-test
	$(BIN)/python scripts/screenshots.py

# Lighthouse (npm, pinned in bench/lighthouse) with Debian's Chromium, mobile preset; not in CI
lighthouse: $(VENV)/.installed-test
	test -x bench/lighthouse/node_modules/.bin/lighthouse || (cd bench/lighthouse && npm ci --no-audit --no-fund --silent)
	$(BIN)/python scripts/lighthouse.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
