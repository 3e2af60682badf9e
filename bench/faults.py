"""Faults on this machine, against loopback only: PostgreSQL restarted while users work.

    .venv/bin/python bench/faults.py        # needs the local PostgreSQL (pg_ctlcluster) and root

gunicorn serves a small demo register (database thads_faults, created afresh) to a user who keeps
asking for the dashboard and the case list; PostgreSQL is stopped for a few seconds, then started
again. Expected: while it is away every request fails cleanly and at once (503, the page saying
nothing was saved), and after it is back the same web processes serve again, without a restart.
Never run beside the tests: they share this PostgreSQL.
"""

import argparse
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE = "thads_faults"
os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
os.environ.pop("REDIS_URL", None)
sys.path.insert(0, str(ROOT))

import production_like  # noqa: E402, F401  (bench/ is the script's directory)


def sh(*command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def postgres_ready() -> bool:
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0


def fresh_database():
    sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f'CREATE DATABASE "{DATABASE}"')
    for command in (["migrate", "--noinput", "-v0"], ["load_demo", "--cases", "300"]):
        sh(sys.executable, "manage.py", *command, cwd=ROOT)


def signed_in_cookie() -> str:
    import django

    django.setup()
    production_like.collect_static()
    from django.conf import settings
    from django.db import connection

    session = production_like.signed_in_session("lanhdao")
    connection.close()  # this process holds no connection through the restart
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--down", type=float, default=5.0, help="seconds PostgreSQL stays stopped")
    parser.add_argument("--port", type=int, default=8798)
    args = parser.parse_args()

    fresh_database()
    cookie = signed_in_cookie()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "thads.wsgi", "--bind", f"127.0.0.1:{args.port}",
                               "--workers", "2", "--log-level", "critical", "--access-logfile", "/dev/null"],
                              cwd=ROOT, env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1"})
    base = f"http://127.0.0.1:{args.port}"
    results, stop = [], threading.Event()

    def ask(path):
        request = urllib.request.Request(base + path, headers={"Cookie": cookie, "X-Forwarded-Proto": "https"})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        except OSError as error:  # refused, reset, timed out: not a clean failure
            status, body = f"socket: {error}", b""
        return status, body, time.monotonic() - started

    def user():
        paths = ["/?year=2026&months=12", "/cases/?is_open=true", "/cases/?sort=-remaining"]
        i = 0
        while not stop.is_set():
            status, body, seconds = ask(paths[i % len(paths)])
            results.append((time.monotonic(), status, seconds, "Cơ sở dữ liệu".encode() in body))
            i += 1
            time.sleep(0.05)

    try:
        for _attempt in range(150):
            if isinstance(ask("/login/")[0], int):
                break
            time.sleep(0.2)
        workers = sorted(sh("pgrep", "-P", str(server.pid)).stdout.split())
        thread = threading.Thread(target=user)
        thread.start()
        time.sleep(3)
        stopped_at = time.monotonic()
        sh("pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "stop", "-m", "fast")
        time.sleep(args.down)
        sh("pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start")
        started_at = time.monotonic()
        while not postgres_ready():
            time.sleep(0.1)
        time.sleep(4)
        stop.set()
        thread.join()
        same_workers = sorted(sh("pgrep", "-P", str(server.pid)).stdout.split()) == workers
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
        if not postgres_ready():
            sh("pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "start")

    before = [r for r in results if r[0] < stopped_at]
    during = [r for r in results if stopped_at <= r[0] < started_at]
    after = [r for r in results if r[0] >= started_at]
    first_ok = next((r[0] for r in after if r[1] == 200), None)
    print(f"before the stop: {Counter(r[1] for r in before)}")
    print(f"PostgreSQL away {started_at - stopped_at:.1f} s: {Counter(r[1] for r in during)}, "
          f"each answered within {max((r[2] for r in during), default=0) * 1000:.0f} ms, "
          f"{sum(r[3] for r in during)} of {len(during)} with the page saying the database is away")
    print(f"after the start: {Counter(r[1] for r in after)}; first 200 "
          f"{(first_ok - started_at) if first_ok else float('nan'):.1f} s after the start")
    print(f"the same gunicorn workers throughout: {same_workers}")
    clean = all(r[1] == 503 and r[3] for r in during if r[1] != 200)
    back = all(r[1] == 200 for r in after if first_ok and r[0] > first_ok)
    ok = clean and back and same_workers and all(r[1] == 200 for r in before) and first_ok is not None
    print("survived" if ok else "NOT SURVIVED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
