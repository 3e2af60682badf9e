# The two commands of the README:
#   make run    create the environment, migrate, load the demo data if the database is empty, serve
#   make test   run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000

.PHONY: run setup test lint messages bench

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py fill_figures

run: setup
	@echo "Dashboard: http://$(ADDR)  (demo logins: see README.md, password Thads@2026)"
	$(PY) manage.py runserver $(ADDR)

test: $(VENV)/.installed
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# The national benchmark (never part of the tests): PostgreSQL and Redis on this machine; the
# database is created and filled with ~4 million cases on first use (about 20 minutes).
BENCH_DB ?= thads_national
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/$(BENCH_DB)
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/3

bench: $(VENV)/.installed
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$(BENCH_DB)'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE $(BENCH_DB)"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py generate_national --years 4 --cases-per-year 1000000 --if-empty
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) bench/national.py

# After changing user-facing strings: update the catalogue, translate, then compile.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l vi --ignore=.venv --no-obsolete
	$(PY) manage.py compilemessages -l vi --ignore=.venv
