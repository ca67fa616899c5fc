# Every target sets itself up: on a fresh machine with Python 3.11 and make,
# `make demo` and `make test` create .venv and install what they need.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install demo test bench lint

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test,bench]'
	@touch $(STAMP)

demo: install
	@$(BIN)/desk demo

# pytest exits 5 when it collects nothing; that is a failure of its own kind, not a pass.
# Two workers: the suite is CPU-bound and each test builds its own store and app.
test: install
	@$(BIN)/python -m pytest -q -n 2 tests

bench: install
	@$(BIN)/python -m pytest -q -s -p no:cacheprovider tests/bench

# ruff, then the import contracts of pyproject.toml ([tool.importlinter]).
lint: install
	@$(BIN)/ruff check console tests
	@$(BIN)/lint-imports --no-cache
