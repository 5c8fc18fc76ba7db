# A newcomer needs two commands: `make run` and `make test`. README.md explains both.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

BIN := $(CURDIR)/.venv/bin
PYTHON := $(BIN)/python
MANAGE := $(PYTHON) manage.py
PORT ?= 8000
PYTEST_ARGS ?=

# Everything a run writes (SQLite database, mail, static files, queue) lives here.
export VAR_DIR ?= $(CURDIR)/var
# portal/celery.py uses setdefault, so name the settings for every process we start.
export DJANGO_SETTINGS_MODULE := portal.settings
# The Procfile's commands (python, celery) come from the project's environment.
export PATH := $(BIN):$(PATH)

.PHONY: help install run test lint bench clean

help: ## Show the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

install: ## Create .venv and install the locked dependencies (safe to repeat)
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet uv
	@if command -v uv >/dev/null 2>&1; then uv sync --frozen; else python3 -m uv sync --frozen; fi

# The demo relaxes two-factor for staff so the seeded curator can open /admin/;
# settings refuse this with DEBUG off.
run: export DEMO_RELAX_STAFF_MFA ?= true
run: install ## Migrate (SQLite under var/ by default), load demo data, start web + worker + beat
	@mkdir -p "$(VAR_DIR)/mail" "$(VAR_DIR)/media" "$(VAR_DIR)/celery"
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) seed_demo
	@echo
	@if [ "$$DEMO_RELAX_STAFF_MFA" = true ]; then \
		echo "DEMO_RELAX_STAFF_MFA=true: for this demo the curator can use /admin/ without two-factor."; \
	fi
	@if [ -z "$${EMAIL_HOST:-}" ]; then echo "Emails are written to $(VAR_DIR)/mail/ instead of being sent."; fi
	@echo
	@echo "The portal is at http://127.0.0.1:$(PORT)/"
	@echo "Starting web (runserver), Celery worker and Celery beat. Press Ctrl-C to stop all three."
	@echo
	exec $(BIN)/honcho start --procfile portal/Procfile --app-root $(CURDIR) --port $(PORT)

test: install ## Run the whole test suite, browser tests included
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install ## ruff check, ruff format --check, and no missing migrations
	@mkdir -p "$(VAR_DIR)"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

bench: install ## Run the benchmarks on PostgreSQL (figures in var/bench-results/)
	$(PYTHON) -m tests.bench

clean: ## Delete var/ (the local database and mail), test artefacts and caches; keeps .venv
	rm -rf var artefacts .pytest_cache .ruff_cache
	find . -path ./.venv -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
