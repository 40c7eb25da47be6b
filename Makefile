# Indgang. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: help run serve test check lint format translations translations-compile db screenshots clean bench content-check lock lock-upgrade audit

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-22s %s\n", $$1, $$2}'

# Every Python package comes from a lock file, pinned and checked against its hashes (pip
# itself and the build backend too); the project is then installed on top, without
# dependencies and without build isolation, so nothing is fetched unchecked. `make lock`
# writes the locks from pyproject.toml. A stamp is older than its lock: installed again.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
LOCKED_TOO := pip 'setuptools>=69'
INSTALL := $(BIN)/pip install --quiet --disable-pip-version-check
COMPILE := $(BIN)/uv pip compile pyproject.toml - --quiet --generate-hashes --universal \
	--python-version 3.11 --custom-compile-command "make lock"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(LOCK) pyproject.toml | $(BIN)/python
	$(INSTALL) --require-hashes -r $(LOCK)
	$(INSTALL) --no-deps --no-build-isolation -e .
	touch $@

$(DEV_STAMP): $(DEV_LOCK) pyproject.toml | $(BIN)/python
	$(INSTALL) --require-hashes -r $(DEV_LOCK)
	$(INSTALL) --no-deps --no-build-isolation -e .
	touch $(STAMP) $@

lock: $(DEV_STAMP) ## Write requirements.lock and requirements-dev.lock from pyproject.toml (pins kept where they still fit; hashes; Python 3.11)
	printf '%s\n' $(LOCKED_TOO) | $(COMPILE) $(LOCK_FLAGS) -o $(LOCK)
	printf '%s\n' $(LOCKED_TOO) | $(COMPILE) $(LOCK_FLAGS) --extra dev -o $(DEV_LOCK)

lock-upgrade: ## Like lock, but every pin moves to the newest version pyproject.toml allows
	$(MAKE) lock LOCK_FLAGS=--upgrade

audit: $(DEV_STAMP) ## Check the locked packages against a vulnerability database (pip-audit); fails on a finding, and when nothing could be checked
	$(BIN)/python scripts/audit.py $(LOCK) $(DEV_LOCK)

translations-compile: $(STAMP) ## Compile the translation catalogues
	@$(BIN)/pybabel compile -d translations 2>&1 | grep -v '^compiling' || true

db: $(STAMP) ## Create or migrate the database and load the municipality profile
	$(FLASK) db upgrade
	$(FLASK) profile load

run: $(STAMP) translations-compile db ## Set everything up and serve the portal on http://127.0.0.1:$(PORT), with a delivery worker
	@# The demo commands (dev/demo) do not exist under PORTAL_ENV=production: no demo data there.
	@[ "$${PORTAL_ENV:-development}" = production ] || $(FLASK) demo seed --if-empty
	@echo "Indgang is at http://127.0.0.1:$(PORT)/ and the staff workspace at /staff/login (Ctrl+C stops it)"
	@echo "Development only: case-system records go unencrypted into instance/casesystem/ (README, Configuration)"
	@$(FLASK) outbox work & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

serve: $(STAMP) translations-compile ## Production profile: gunicorn, PostgreSQL, Redis, delivery workers (see docs/deployment.md)
	@BIN=$(BIN) deploy/serve.sh

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

test-tools: $(DEV_STAMP) node_modules/.installed ## Install what the tests need (Python, npm, Chromium, Java, age, Redis)
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	@command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null)
	@command -v age >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq age >/dev/null)
	@command -v redis-server >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null)

lint: $(DEV_STAMP) ## ruff (check and format), mypy and the import contracts (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: $(DEV_STAMP) ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The suite runs in parallel (pytest-xdist), one worker per core and one more: the tests
# spend about a third of their time waiting on browsers, commands and sockets, and the extra
# worker fills it. Each worker has its own SQLite files, PostgreSQL schemas and Redis
# server, and all share one Nu Html Checker.
# Compiled modules are kept (__pycache__/, ignored by git) even where the environment says
# not to: every worker and every command a test starts would otherwise compile the portal,
# and pytest rewrite every test module, again.
unexport PYTHONDONTWRITEBYTECODE
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc) + 1 )))
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal

test: test-tools translations-compile lint ## Install test tools, lint, and run the whole suite (SQLite and PostgreSQL, browser tests)
	$(PYTEST)

check: test-tools translations-compile lint ## Quick: lint, types and the tests that need no browser, no PostgreSQL and are not slow (SQLite)
	$(PYTEST) -q -m "not browser and not postgresql and not slow"

bench: test-tools translations-compile ## Run the benchmarks; prints a Markdown report, also in build/bench-report.md
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(BIN)/python -m tests.bench

content-check: $(STAMP) ## Check the explainer content and print the LIX of every Danish page
	$(BIN)/python -m portal.content

translations: $(DEV_STAMP) ## Extract strings and update every catalogue (then fill in the gaps)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_gettext -k lazy_pgettext:1c,2 -o translations/messages.pot --no-location --omit-header --sort-output . >/dev/null
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete --no-wrap
	$(BIN)/python scripts/fill_english.py translations/en/LC_MESSAGES/messages.po

screenshots: test-tools translations-compile ## Phone-size screenshots of the front door (Danish and Arabic) into build/screenshots/
	$(BIN)/python scripts/screenshots.py

clean: ## Remove the virtual environment, node_modules and build output (keeps instance/)
	rm -rf $(VENV) node_modules build .pytest_cache .mypy_cache .ruff_cache
