# Two commands for a newcomer: `make run` (the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# A throwaway key for the test suite and the checks (never for real data).
TEST_ENCRYPTION_KEY := dGVzdC1zdWl0ZS1vbmx5LW5vdC1mb3ItcmVhbC1kYXQ=
# Settings that look like production, for `check --deploy` (never used to serve anything).
PROD_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=check-deploy-$$(printf '%064d' 0 | tr 0 x)-not-secret \
	DJANGO_ALLOWED_HOSTS=impact.ishr.example DJANGO_ENCRYPTION_KEYS=$(TEST_ENCRYPTION_KEY) \
	REDIS_URL=redis://127.0.0.1:6379/0

.PHONY: run test lint checks pytest lock clean bench-apply bench-admin

$(BIN)/.installed: requirements-dev.lock
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

run: $(BIN)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo
	DJANGO_DEBUG=1 SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: lint checks pytest

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

checks: $(BIN)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run --skip-checks
	$(PROD_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING

# The suite runs with debug off, against the hashed static files production serves.
pytest: $(BIN)/.installed
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-secret-key DJANGO_VAR_DIR=var/test \
		DJANGO_ENCRYPTION_KEYS=$(TEST_ENCRYPTION_KEY) \
		$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=test-only-secret-key DJANGO_VAR_DIR=var/test \
		DJANGO_ENCRYPTION_KEYS=$(TEST_ENCRYPTION_KEY) \
		$(BIN)/pytest $(PYTEST_ARGS)

# Re-resolve the pinned dependencies after editing pyproject.toml (needs `pip install uv`).
lock:
	uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements.lock
	uv pip compile pyproject.toml --extra test --python-version 3.11 --generate-hashes \
		-o requirements-dev.lock

clean:
	rm -rf $(VENV) var/test .pytest_cache .ruff_cache

# Not a test: 50 applications at once against gunicorn on a fresh PostgreSQL database, then
# 10 forms each posted twice (docs/benchmarks.md). BENCH_DATABASE_URL picks the server.
bench-apply: $(BIN)/.installed
	$(BIN)/python bench/apply_concurrency.py $(BENCH_ARGS)

# Not a test: the admin's application list at 5 and 5,000 applications, queries and median
# times (docs/benchmarks.md). PostgreSQL by default; BENCH_ARGS=--sqlite for SQLite.
bench-admin: $(BIN)/.installed
	$(BIN)/python bench/admin_list.py $(BENCH_ARGS)
