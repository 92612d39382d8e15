# minorworks — two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test check bench install install-test assets messages clean browser-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $@

messages: $(BIN)/python
	$(BIN)/python -m minorworks.core.compile_messages

install: $(VENV)/.installed assets messages

install-test: $(VENV)/.installed-test assets messages

run: install
	$(BIN)/minorworks init
	$(BIN)/minorworks demo --no-logins
	$(BIN)/minorworks serve --port $(PORT) --with-worker

# The suite runs on every core (pytest-xdist; TEST_WORKERS=0 runs it in one process).
TEST_WORKERS ?= auto

test: install-test
	$(BIN)/pytest -q -m "not browser" -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

browser-test: install-test
	$(BIN)/pytest -q -m browser $(PYTEST_ARGS)

check: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	$(BIN)/minorworks manage makemigrations --check --dry-run

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules var
