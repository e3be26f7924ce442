# One target per routine task. `make demo` and `make test` install everything they need.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: setup demo test test-fast lint fmt bench clean

$(STAMP): pyproject.toml setup.py scripts/setup-system.sh
	bash scripts/setup-system.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

setup: $(STAMP) node_modules/.package-lock.json

demo: setup
	$(BIN)/python -m lowcode.demo --port $(PORT)

test: setup
	$(BIN)/python -m pytest -n 2 --dist loadgroup

test-fast: setup
	LOWCODE_TEST_BACKENDS=sqlite $(BIN)/python -m pytest -n 2 --dist loadgroup -m "not e2e"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: setup
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-sites
