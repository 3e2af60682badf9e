# The two commands of the README:
#   make run    create the environment, migrate, load the demo data if the database is empty, serve
#   make test   run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000

.PHONY: run setup test lint messages

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty

run: setup
	@echo "Dashboard: http://$(ADDR)  (demo logins: see README.md, password Thads@2026)"
	$(PY) manage.py runserver $(ADDR)

test: $(VENV)/.installed
	$(PY) -m pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

# After changing user-facing strings: update the catalogue, translate, then compile.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l vi --ignore=.venv --no-obsolete
	$(PY) manage.py compilemessages -l vi --ignore=.venv
