# The two commands: `make demo` and `make test`. Both bootstrap .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export MICROPARKS_DATA_DIR ?= $(CURDIR)/var
# pytest-xdist workers: one per core; PYTEST_WORKERS=0 runs in one process (e.g. with pdb).
PYTEST_WORKERS ?= auto

.PHONY: demo test lint types checks pytest clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/microparks demo

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard benchmarks)
	$(BIN)/ruff format --check src tests $(wildcard benchmarks)
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

checks: $(STAMP)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

pytest: $(STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

test: lint types checks pytest

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
