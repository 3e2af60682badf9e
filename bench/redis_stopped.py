"""Faults on this machine, against loopback only: Redis stopped while a leader works.

    .venv/bin/python bench/redis_stopped.py     # needs the local PostgreSQL and Redis, and root

gunicorn serves the demo register (database thads_faults, created afresh) with Redis as cache and
broker; Redis is shut down, then started again with the command of DEVELOPERS.md. Expected: while
it is away the dashboard and the case list serve (from the database), a period report is refused
at once with a message and no job is kept; once it is back a report is accepted again, by the same
web processes. Never run beside the tests: they share this Redis.
"""

import http.cookiejar
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from faults import ROOT, fresh_database, sh, signed_in_cookie  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/13"
REFUSAL = "Hiện không kết nối được hàng đợi xử lý"


def redis_up() -> bool:
    return subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True, text=True).stdout.strip() == "PONG"


def main():
    port = 8797
    fresh_database()
    cookie = signed_in_cookie()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "thads.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", "2", "--log-level", "critical", "--access-logfile", "/dev/null"],
                              cwd=ROOT, env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1", "REDIS_URL": REDIS_URL})
    base = f"http://127.0.0.1:{port}"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    headers = {"Cookie": cookie, "X-Forwarded-Proto": "https"}

    def get(path):
        request = urllib.request.Request(base + path, headers=headers)
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def export():
        """The period report form, as a browser sends it (its CSRF token from the page)."""
        status, page = get("/figures/exports/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        csrf = next(c.value for c in jar if c.name == "csrftoken") if any(c.name == "csrftoken" for c in jar) else token
        select = re.search(r'<select name="agency".*?</select>', page, re.S).group(0)
        chosen = re.search(r'<option value="(\d+)"[^>]*selected', select) or re.search(r'<option value="(\d+)"', select)
        agency = chosen.group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "agency": agency, "year": 2026, "months": 9,
                                       "by": "child"}).encode()
        request = urllib.request.Request(base + "/figures/exports/", data=data, headers={
            **headers, "Cookie": f"{cookie}; csrftoken={csrf}", "Referer": f"https://127.0.0.1:{port}/figures/exports/",
            "Origin": f"https://127.0.0.1:{port}"})
        try:
            with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def jobs() -> int:
        out = sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "thads_faults", "-tAc",
                 "SELECT count(*) FROM reports_reportjob").stdout
        return int(out.strip())

    outcome = {}
    try:
        for _attempt in range(150):
            try:
                if get("/login/")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        outcome["up: dashboard, list"] = (get("/?year=2026&months=12")[0], get("/cases/?is_open=true")[0])
        workers = sorted(sh("pgrep", "-P", str(server.pid)).stdout.split())
        sh("redis-cli", "-h", "127.0.0.1", "shutdown", "nosave")
        assert not redis_up()
        started = time.monotonic()
        outcome["away: dashboard, list, figures"] = (get("/?year=2026&months=12")[0], get("/cases/?sort=-remaining")[0],
                                                    get("/figures/?year=2026&months=12")[0])
        status, page = export()
        outcome["away: report asked"] = (status, REFUSAL in page, f"{time.monotonic() - started:.1f} s for the four")
        outcome["away: jobs kept"] = jobs()
        sh("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379", "--save", "", "--appendonly",
           "no")
        while not redis_up():
            time.sleep(0.1)
        status, _page = export()
        outcome["back: report asked"] = status
        outcome["back: jobs kept"] = jobs()
        outcome["same workers"] = sorted(sh("pgrep", "-P", str(server.pid)).stdout.split()) == workers
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not redis_up():
            sh("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379", "--save", "",
               "--appendonly", "no")
    for what, value in outcome.items():
        print(f"{what}: {value}")
    ok = (outcome["up: dashboard, list"] == (200, 200) and outcome["away: dashboard, list, figures"] == (200, 200, 200)
          and outcome["away: report asked"][:2] == (400, True) and outcome["away: jobs kept"] == 0
          and outcome["back: report asked"] == 302 and outcome["back: jobs kept"] == 1 and outcome["same workers"])
    print("survived" if ok else "NOT SURVIVED")
    sys.exit(0 if ok else 1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


if __name__ == "__main__":
    main()
