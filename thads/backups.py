"""Backups with PostgreSQL's own tools: `pg_dump` of the whole database (custom format: compressed,
restored table by table, indexes and triggers after the rows) and `pg_restore` into an empty
database in one transaction, so a failed restore leaves nothing behind.

The commands `backup` and `restore` call these; the backup test restores into a fresh database
and finds the same figures.
"""

import os
import subprocess

import environ
import psycopg2
from django.conf import settings


class BackupError(Exception):
    pass


def _config(url=None) -> dict:
    config = environ.Env.db_url_config(url) if url else settings.DATABASES["default"]
    if "postgresql" not in config["ENGINE"]:
        raise BackupError("Backups are made of a PostgreSQL database (DATABASE_URL); an SQLite database is "
                          "copied with: sqlite3 db.sqlite3 \".backup copy.sqlite3\" (its write-ahead log "
                          "db.sqlite3-wal included).")
    return config


def _libpq_environment(config) -> dict:
    """pg_dump and pg_restore read the connection from these (the password never on a command line)."""
    environment = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                      ("NAME", "PGDATABASE")):
        if config.get(key):
            environment[name] = str(config[key])
    return environment


def _connect(config):
    return psycopg2.connect(dbname=config["NAME"], user=config.get("USER") or None,
                            password=config.get("PASSWORD") or None, host=config.get("HOST") or None,
                            port=config.get("PORT") or None)


def _run(command, config):
    result = subprocess.run(command, env=_libpq_environment(config), capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def describe(url=None) -> str:
    """The database, without its password."""
    config = _config(url)
    return f"{config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}/{config['NAME']}"


def dump(path):
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path)], _config())


def restore(path, url) -> dict:
    """Into the empty database at `url`: refused if it holds any table (nothing is overwritten)."""
    config = _config(url)
    if not os.path.isfile(path):
        raise BackupError(f"No backup file {path}.")
    try:
        with _connect(config) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            tables = cursor.fetchone()[0]
        connection.close()
    except psycopg2.OperationalError as exc:
        raise BackupError(f"Cannot reach {describe(url)}: {exc}".strip()) from exc
    if tables:
        raise BackupError(f"{describe(url)} already holds {tables} tables: restore only into an empty database "
                          "(create one with createdb), so that nothing is overwritten.")
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          "--dbname", config["NAME"], str(path)], config)
    return counts(url)


def counts(url=None) -> dict:
    """Cases and events in the database (the default one, or the one at `url`)."""
    with _connect(_config(url)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM cases_case), (SELECT count(*) FROM cases_caseevent)")
        cases, events = cursor.fetchone()
    connection.close()
    return {"cases": cases, "events": events}
