"""Backup and restore on this machine's PostgreSQL: `manage.py backup` (pg_dump), then `manage.py
restore` into a fresh database, which holds the same rows and gives the same official figures;
a restore over existing data is refused."""

import json
import os
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from demo.province import load_demo
from thads import backups

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump backs up PostgreSQL (DATABASE_URL)")


def url_of(name) -> str:
    config = connection.settings_dict
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    return f"postgres://{config['USER']}{password}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{name}"


def rows_per_table(url) -> dict:
    with backups._connect(backups._config(url)) as db, db.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    db.close()
    return counts


def report(url, by) -> dict:
    """The official figures of the demo province, by the report command against `url`."""
    environment = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    result = subprocess.run(
        [sys.executable, "manage.py", "thads_report", "--agency", "THADS-TUYENQUANG", "--year", "2026", "--months", "12",
         "--format", "json", "--by", by], cwd=ROOT, env={**environment, "DATABASE_URL": url}, capture_output=True,
        text=True, check=True)
    return json.loads(result.stdout)


def on_the_server(sql):
    """A statement outside any transaction (CREATE and DROP DATABASE), on the server's own database."""
    server = backups._connect(backups._config(url_of("postgres")))
    server.autocommit = True
    with server.cursor() as cursor:
        cursor.execute(sql)
    server.close()


@pytest.fixture
def fresh_database():
    name = f"thads_restore_{uuid.uuid4().hex[:8]}"
    on_the_server(f'CREATE DATABASE "{name}"')
    yield name
    on_the_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_fresh_database_with_the_same_figures(transactional_db, tmp_path, fresh_database):
    load_demo(cases=400)
    original, restored = url_of(connection.settings_dict["NAME"]), url_of(fresh_database)
    dump = tmp_path / "thads.dump"
    out = StringIO()
    call_command("backup", str(dump), stdout=out)
    assert dump.exists() and not (tmp_path / "thads.dump.partial").exists()
    assert "cases" in out.getvalue()

    call_command("restore", str(dump), into=restored, stdout=StringIO())
    rows = rows_per_table(original)
    assert rows["cases_case"] > 400 and rows["cases_caseevent"] > 2000
    assert rows_per_table(restored) == rows
    for by in ("child", "officer"):
        figures = report(original, by)
        assert figures["cases"]["total_accepted"] > 0
        assert report(restored, by) == figures

    # Over data, nothing: the second restore is refused before pg_restore runs.
    with pytest.raises(CommandError, match="already holds"):
        call_command("restore", str(dump), into=restored)
    assert rows_per_table(restored) == rows


def test_a_restore_that_fails_leaves_the_database_empty(db, tmp_path, fresh_database):
    broken = tmp_path / "broken.dump"
    broken.write_bytes(b"PGDMP not really a backup")
    with pytest.raises(CommandError, match="pg_restore failed"):
        call_command("restore", str(broken), into=url_of(fresh_database))
    assert rows_per_table(url_of(fresh_database)) == {}


def test_an_sqlite_database_is_not_backed_up_by_pg_dump(tmp_path):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = subprocess.run([sys.executable, "manage.py", "backup", str(tmp_path / "x.dump")], cwd=ROOT,
                            env=environment, capture_output=True, text=True)
    assert result.returncode != 0 and "PostgreSQL" in result.stderr
    assert not (tmp_path / "x.dump").exists() and not (tmp_path / "x.dump.partial").exists()
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("restore", str(tmp_path / "x.dump"), into=f"sqlite:///{tmp_path / 'other.sqlite3'}")
