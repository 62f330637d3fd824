# Quick start: `make run` serves the portal, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := PORTAL_ENV=development $(BIN)/flask --app wsgi
# Two test workers: the machine has two cores (each worker has its own database and browser).
# Other arguments replace these: make test PYTEST_ARGS="-n 2 tests/unit tests/functional".
# HYPOTHESIS_PROFILE=ci tries 1,000 inputs per form instead of 100 (tests/conftest.py).
PYTEST_ARGS ?= -n 2

.PHONY: run test install install-test lint migrate demo messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: .stamp-install
.stamp-install: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	$(BIN)/python scripts/i18n.py compile
	touch $@

install-test: .stamp-install-test
.stamp-install-test: .stamp-install
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

migrate: install
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) load-demo

run: demo
	PUBLIC_BASE_URL=http://127.0.0.1:5000 $(FLASK) run --host 127.0.0.1 --port 5000

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/bandit -q -ll -c pyproject.toml -r portal forms

test: install-test
	$(BIN)/python scripts/i18n.py compile
	bash scripts/ensure-chromium.sh
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

messages: install
	$(BIN)/python scripts/i18n.py update

bench: install
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python scripts/i18n.py compile
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .stamp-* instance .pytest_cache .ruff_cache
