# The two commands of the README: `make demo` and `make test`. Everything else supports them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Tests run on the machine's real PostgreSQL and Redis unless told otherwise.
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/fc_portal)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/1)
REQUIRE_REAL_SERVICES ?= 1
PYTEST_ARGS ?=

.PHONY: demo test install install-dev messages lint format worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# Translations are compiled with Babel (pure Python): no GNU gettext needed on a fresh machine.
messages: $(VENV)/.installed
	$(BIN)/pybabel compile --domain django --directory locale --statistics 2>&1 | grep -v '^compiling' || true
	@test -f locale/fr/LC_MESSAGES/django.mo -a -f locale/ru/LC_MESSAGES/django.mo

install: $(VENV)/.installed messages

install-dev: $(VENV)/.installed-dev messages

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## make demo: install, prepare and start the whole demonstration on this machine.
demo: install
	PORTAL_ENV=demo $(BIN)/python -m demo.run

## make test: the whole test suite (unit, integration, Celery, browser).
test: install-dev node_modules/axe-core/axe.min.js
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	REQUIRE_REAL_SERVICES=$(REQUIRE_REAL_SERVICES) \
	$(BIN)/pytest $(PYTEST_ARGS)

## make worker: one Celery worker (with its beat) for the settings in the environment.
worker: install
	$(BIN)/celery --app franceconnect worker --beat --loglevel INFO

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf var artifacts
