"""Load: 50 concurrent users on dashboards and case lists against gunicorn on 127.0.0.1 for 60 s,
with wrk (Debian's package); zero errors expected. Prints throughput and latency percentiles.

    apt-get install wrk     # once (Debian's package)
    DATABASE_URL=postgres://…/thads_national REDIS_URL=redis://… .venv/bin/python bench/load.py

gunicorn runs as deployed (gunicorn.conf.py, DEBUG off, collected static files) behind a "proxy"
played by the X-Forwarded-Proto header; each connection is one of the signed-in users below, in
turn. At the end, whether issue 27's goals held (≥ 60 pages/s, no error, p99 ≤ 2,5 s). Numbers are
written down in the README and bench/RESULTS.md, never asserted by the tests.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
import production_like  # noqa: E402  (bench/ is the script's directory)

django.setup()
production_like.collect_static()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

# (user, path): the national, a provincial and a unit's dashboards, and their lists.
PAGES = [
    ("trunguong", "/?year=2026&months=12"),
    ("trunguong", "/"),
    ("lanhdao", "/?year=2026&months=12"),
    ("thuky", "/?year=2026&months=12"),
    ("trunguong", "/cases/"),
    ("trunguong", "/cases/?is_open=true&judgment_kind=civil&initiation=on_request"),
    ("lanhdao", "/cases/?q=" + quote("Trần Thị Mai")),
    ("lanhdao", "/cases/?figure=completed&year=2026&months=12"),
    ("lanhdao", "/cases/?focus=idle&sort=accepted_on"),
    ("thuky", "/cases/?sort=-remaining"),
    ("thuky", "/cases/?q=" + quote("ngân hàng")),
    ("trunguong", "/cases/?figure=postponed&year=2026&months=12"),
]

LUA = """
local pages = {%s}
local counter = 0
local threads = {}
function setup(thread)
  thread:set("offset", math.random(#pages))
  table.insert(threads, thread)
end
function request()
  counter = counter + 1
  local page = pages[(counter + offset) %% #pages + 1]
  return wrk.format("GET", page[2], {["Cookie"] = page[1], ["X-Forwarded-Proto"] = "https"})
end
not_ok = 0
function response(status, headers, body)
  -- a redirect (to the login page) is an error here too: every page answers 200 to its user
  if status ~= 200 then not_ok = not_ok + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("not_ok") end
  io.write(string.format("Responses other than 200: %%d\\n", total))
  io.write(string.format("p99 latency: %%.1f ms\\n", latency:percentile(99) / 1000))
end
"""


def session_for(username) -> str:
    return production_like.signed_in_session(username).session_key


# Issue 27's goals under this load (50 users, 60 s, the pages above).
GOAL_PAGES_PER_SECOND = 60
GOAL_P99_MS = 2500


def print_goals(output, args):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = float(re.search(r"p99 latency: ([\d.]+) ms", output).group(1))
    not_ok = int(re.search(r"Responses other than 200: (\d+)", output).group(1))
    socket = re.search(r"Socket errors: (.*)", output)  # "connect 0, read 0, write 0, timeout 3"
    socket_errors = sum(int(n) for n in re.findall(r"\d+", socket.group(1))) if socket else 0
    print(f"\nGoals of issue 27 (load; measured with {args.users} users for {args.seconds} s):")
    for name, held, measured in (
        (f"≥ {GOAL_PAGES_PER_SECOND} pages/s", rate >= GOAL_PAGES_PER_SECOND, f"{rate:.1f}".replace(".", ",")),
        ("0 errors", not_ok + socket_errors == 0, f"{not_ok} other than 200, {socket_errors} socket errors"),
        (f"p99 ≤ {GOAL_P99_MS / 1000:.1f} s".replace(".", ","), p99 <= GOAL_P99_MS,
         f"{p99 / 1000:.2f} s".replace(".", ",")),
    ):
        print(f"  {name}: {'held' if held else 'MISSED'} ({measured})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent connections")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=8799)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    sessions = {username: session_for(username) for username in {user for user, _path in PAGES}}
    cookie = settings.SESSION_COOKIE_NAME
    pages = ", ".join(f'{{"{cookie}={sessions[user]}", "{path}"}}' for user, path in PAGES)
    script = Path(tempfile.mkdtemp()) / "pages.lua"
    script.write_text(LUA % pages)

    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "thads.wsgi", "--bind", f"127.0.0.1:{args.port}",
                               "--log-level", "warning", "--access-logfile", "/dev/null"],
                              cwd=ROOT, env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1"})
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _attempt in range(150):
            try:
                request = urllib.request.Request(base + "/login/", headers={"X-Forwarded-Proto": "https"})
                urllib.request.urlopen(request, timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        # Every page once, checked, and warm (the first request of each worker loads its code).
        for user, path in PAGES:
            request = urllib.request.Request(base + path, headers={
                "Cookie": f"{cookie}={sessions[user]}", "X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.status == 200 and b"<h1" in response.read(), path
        workers = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        print(f"gunicorn: {len(workers)} workers (gunicorn.conf.py), {len(PAGES)} pages of {len(sessions)} users; "
              f"wrk: {args.users} connections for {args.seconds} s\n", flush=True)
        result = subprocess.run(["wrk", "-t2", f"-c{args.users}", f"-d{args.seconds}s", "--timeout", "30s", "--latency",
                                 "-s", str(script), base], capture_output=True, text=True, check=True)
        print(result.stdout)
        errors = re.search(r"Socket errors: (.*)", result.stdout)
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
        print(f"errors: {errors.group(1) if errors else 'none'}; non-2xx/3xx responses: {bad.group(1) if bad else 0}")
        print_goals(result.stdout, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
        for key in sessions.values():
            SessionStore(session_key=key).delete()


if __name__ == "__main__":
    main()
