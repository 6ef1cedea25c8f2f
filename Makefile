# NPZ registry. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help

help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(BIN)/pip install --quiet '.[dev]'
	@touch $@

install: $(VENV)/.installed ## Create .venv if missing and install the dependencies

.env:
	cp .env.example .env

run: install .env ## Set up everything (venv, migrate, reference + demo data) and serve on 127.0.0.1:8000
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_reference_data
	$(PY) manage.py load_demo_data
	@echo "Open http://$(HOST):$(PORT)/ and log in as admin, staff, coordinator.a or coordinator.b (password npz-demo)."
	$(PY) manage.py runserver $(HOST):$(PORT)

# `make serve` runs the production server on plain HTTP on this machine: the HTTPS-only
# settings (on by default with DEBUG off) are switched off here, explicitly, and only here.
SERVE_ENV = DEBUG=false SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret-key)}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-$(HOST),localhost}" SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" \
	SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \
	STATIC_ROOT=var/static

var/secret-key:
	@mkdir -p var && umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Hashed, compressed static files (about 25 s): collected again only when a source changes.
var/static/staticfiles.json: $(shell find static -type f) pyproject.toml | install
	NPZ_READ_ENV_FILE=false DEBUG=false SECRET_KEY=collectstatic STATIC_ROOT=var/static \
		$(PY) manage.py collectstatic --no-input --verbosity 0
	@touch $@

serve: install var/secret-key var/static/staticfiles.json ## Production server (gunicorn, DEBUG off, WhiteNoise) on $(HOST):$(PORT), plain HTTP
	$(SERVE_ENV) $(PY) manage.py migrate --no-input
	@echo "Serving http://$(HOST):$(PORT)/ (DEBUG off; database: $${DATABASE_URL:-SQLite db.sqlite3 unless .env says otherwise})."
	$(SERVE_ENV) GUNICORN_BIND="$(HOST):$(PORT)" $(BIN)/gunicorn --config gunicorn.conf.py

# The test runs keep Python's bytecode caches (and pytest's rewritten test modules) even where
# the environment says PYTHONDONTWRITEBYTECODE: each xdist worker then imports instead of compiling.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest

test: install ## Run the whole suite (browser and PDF tests included)
	$(PYTEST) -n 2 --dist loadgroup -q

test-fast: install ## Run the suite without browser and PDF tests
	$(PYTEST) -q -m "not browser and not pdf"

retest: install ## Re-run the tests that failed last time
	$(BIN)/pytest -q --lf

test-pg: install ## Run the suite against a throw-away PostgreSQL server (started here)
	@eval "$$(.ci/postgres.sh start)" && $(PYTEST) -n 2 --dist loadgroup -q; status=$$?; .ci/postgres.sh stop; exit $$status

lint: install ## ruff, migrations check and deploy check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	NPZ_READ_ENV_FILE=false DEBUG=false SECRET_KEY=lint $(PY) manage.py makemigrations --check --dry-run
	@# Only the three variables production must set: every other hardening is on by default.
	env -i PATH="$$PATH" NPZ_READ_ENV_FILE=false DEBUG=false SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		ALLOWED_HOSTS=npz.example $(PY) manage.py check --deploy --fail-level WARNING

fmt: install ## Format and fix the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install ## Extract and compile the translations (nl-BE)
	$(PY) manage.py makemessages -l nl_BE --no-obsolete --add-location file -i ".venv/*" -i "var/*"
	$(PY) manage.py compilemessages -l nl_BE --ignore ".venv/*"

bench: install var/static/staticfiles.json ## 1x and 10x generated data on gunicorn under locust: var/bench/results.json, summary.md (about 6 min on an idle 2-core machine)
	$(PY) -m npz_registry.bench.run --output var/bench

backup: install ## Back up the database (SQLite or PostgreSQL, as DATABASE_URL says) to var/backups/
	$(PY) manage.py backup

restore: install ## Restore a backup and check it table by table: make restore [FILE=var/backups/npz-….sqlite3] (default: the newest)
	$(PY) manage.py restore $(FILE)

audit: install ## Known vulnerabilities in the dependencies (pip-audit) and risky code (bandit, medium and higher)
	$(PY) .ci/audit.py

pdf-sample: install ## Render the Flanders report of the local database to var/flanders.pdf
	$(PY) manage.py render_report flanders -o var/flanders.pdf

clean: ## Remove the virtualenv, the SQLite database and caches
	rm -rf $(VENV) db.sqlite3 var .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

.PHONY: help install run serve test test-fast retest test-pg lint fmt messages bench backup restore audit pdf-sample clean
