"""The read replica: with DATABASE_REPLICA_URL set, a dashboard computed afresh and a period
report read through the replica's connection once it has caught up, and never write there. On
this machine the "replica" is the same PostgreSQL database under a second connection (the router,
not the replication, is under test), run in a process of its own with the setting."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="a replica of PostgreSQL")

PROBE = """
import json, django
django.setup()
from django.db import connections
from django.test.utils import CaptureQueriesContext
from demo.province import load_demo
from cases.models import Agency, User
from reports import dashboard
from thads import data_version
from reports.calendar import Period
from thads import replica
from datetime import date
load_demo(cases=200)
agency = Agency.objects.get(code="THADS-TUYENQUANG")
user = User.objects.get(username="lanhdao")
data_version.changed()
with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(connections["replica"]) as copy:
    page = dashboard.build(user, agency, Period(2026, 12), date(2026, 11, 22))
with replica.reading_from_replica() as used:
    agencies = Agency.objects.count()
print(json.dumps({"primary": [q["sql"] for q in primary.captured_queries],
                  "replica": [q["sql"] for q in copy.captured_queries],
                  "body": len(page["body"]), "used": used, "agencies": agencies,
                  "caught_up": replica.caught_up()}))
"""


def test_dashboards_read_from_a_replica_that_has_caught_up(tmp_path):
    name = f"test_replica_{os.getpid()}"
    config = connection.settings_dict
    url = f"postgres://{config['USER']}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{name}"
    subprocess.run(["psql", "-h", config["HOST"] or "127.0.0.1", "-U", config["USER"], "-c", f'CREATE DATABASE "{name}"'],
                   check=True, capture_output=True)
    try:
        environment = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
        environment.update(DATABASE_URL=url, DATABASE_REPLICA_URL=url)
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=environment,
                       check=True)
        result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stderr
        out = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        subprocess.run(["psql", "-h", config["HOST"] or "127.0.0.1", "-U", config["USER"], "-c",
                        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], capture_output=True)
    assert out["caught_up"] and out["used"] and out["agencies"] > 0 and out["body"] > 1000
    # The figures came from the replica; the primary answered where its log is, and nothing else
    # but the writes the page keeps (its focus counts) and the reads of the request's own user.
    assert any("cases_summary" in sql or "reports_" in sql for sql in out["replica"])
    assert any("pg_current_wal_lsn" in sql for sql in out["primary"])
    assert not [sql for sql in out["replica"] if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
