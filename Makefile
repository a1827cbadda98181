# The two commands: `make demo` and `make test`. Both bootstrap .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: the run-time install (what `make demo` needs) and the test/docs extras on top.
RUN_STAMP := $(VENV)/.run-stamp
STAMP := $(VENV)/.installed-stamp
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# uv installs the same packages from the same index several times faster than pip (here the
# run-time set in 11 s instead of 64 s); where uv cannot be installed, pip does it.
INSTALL := $(BIN)/uv pip install --quiet --python $(BIN)/python
export MICROPARKS_DATA_DIR ?= $(CURDIR)/var
# pytest-xdist workers: one per core; PYTEST_WORKERS=0 runs in one process (e.g. with pdb).
# worksteal: a worker that runs out takes queued tests from the other, so the minute-long
# subprocess tests (backup, demo, settings) do not leave one core idle at the end.
PYTEST_WORKERS ?= auto
PYTEST_DIST ?= worksteal

.PHONY: demo test lint types checks pytest docs clean

$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	($(PIP) uv && $(INSTALL) -e .) || $(PIP) -e .
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(INSTALL) -e '.[dev,docs]' || $(PIP) -e '.[dev,docs]'
	touch $(STAMP)

demo: $(RUN_STAMP)
	$(BIN)/microparks demo

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard benchmarks) docs/hooks
	$(BIN)/ruff format --check src tests $(wildcard benchmarks) docs/hooks
	$(BIN)/lint-imports

types: $(STAMP)
	$(BIN)/mypy

checks: $(STAMP)
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# The tests get a data folder of their own (secret key, uploads, caches; never a demo's
# collected static files or targeting tables in ~/.local/share/microparks).
pytest: $(STAMP)
	rm -rf var/test-data
	MICROPARKS_DATA_DIR=$(CURDIR)/var/test-data $(BIN)/pytest -n $(PYTEST_WORKERS) --dist $(PYTEST_DIST) $(PYTEST_ARGS)

# The manual (mkdocs.yml, docs/): strict, so a broken link or page, a formula that does not
# convert or anything loaded from outside fails it. Built into site/ (git-ignored).
docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

test: lint types checks pytest docs

clean:
	rm -rf $(VENV) var site .pytest_cache .mypy_cache .ruff_cache
