# The two commands of the README:
#   make run    create the environment, migrate, load the demo data if the database is empty, serve
#   make test   run the whole test suite
# Debian's own Python 3.11 when it can make an environment (python3-venv): it is built with
# profile-guided and link-time optimisation, and ran this project's Python 8–16 % faster than a
# plain build from source such as pyenv's (bench/RESULTS.md, "Throughput, issue 27 — the
# interpreter"). Else python3; `make PYTHON=…` chooses another. An existing .venv keeps the
# interpreter it was made with: `rm -rf .venv` to switch.
DEBIAN_PYTHON := /usr/bin/python3.11
PYTHON ?= $(shell $(DEBIAN_PYTHON) -c "import ensurepip, venv" 2>/dev/null && echo $(DEBIAN_PYTHON) || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000

.PHONY: run setup test lint messages bench bench-data bench-pages bench-import

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

bench-data: $(VENV)/.installed
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$(BENCH_DB)'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE $(BENCH_DB)"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py generate_national --years 4 --cases-per-year 1000000 --if-empty

# Everything in one run: the national pages (with the raw SQL beside the dashboards), the load,
# then the imports; each says which of issue 27's goals hold, and a miss fails the run at its end.
bench: bench-data
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	status=0; \
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) bench/national.py || status=1; \
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) bench/load.py || status=1; \
	$(MAKE) --no-print-directory bench-import || status=1; \
	exit $$status

# The page goals of issue 27 on the same dataset, each printed as held or missed: the case lists
# and the case page ≤ 20 ms median of server time, the national dashboard uncached ≤ 50 ms p95
# (bench/national.py, without the raw SQL beside them), then bench/load.py: 50 users for 60 s
# through gunicorn, ≥ 60 pages/s, no error, p99 ≤ 2,5 s. The load needs wrk (apt-get install wrk).
# Where a page's time goes: bench/profile_page.py URL --user NAME.
bench-pages: bench-data
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) bench/national.py --no-raw \
		--only "National dashboard" "Case list" "Case page"
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) bench/load.py

# The imports (issue 27's goals; about 10 minutes): 100.000 cases and their 250.000 events into a
# fresh SQLite and a fresh PostgreSQL database, each checked against a recomputation of its
# summary rows; then 20.000 cases and their events into the national dataset, rolled back (and
# the dead rows that leaves vacuumed).
BENCH_IMPORT_DB ?= thads_bench_import
bench-import: $(VENV)/.installed
	status=0; \
	env -u DATABASE_URL $(PY) bench/import_cases.py 100000 --events --check || status=1; \
	psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $(BENCH_IMPORT_DB)" -c "CREATE DATABASE $(BENCH_IMPORT_DB)"; \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_IMPORT_DB) $(PY) bench/import_cases.py 100000 --events --check \
		|| status=1; \
	psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE $(BENCH_IMPORT_DB)"; \
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/import_cases.py 20000 --events --existing || status=1; \
	exit $$status

# After changing user-facing strings: update the catalogue, translate, then compile.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l vi --ignore=.venv --no-obsolete
	$(PY) manage.py compilemessages -l vi --ignore=.venv
