"""The production shape, served as deployed: gunicorn (gunicorn.conf.py) with whitenoise, DEBUG off,
the static files collected under their hashed names, behind a TLS proxy (played by the request's
X-Forwarded-Proto header, which gunicorn believes from loopback). A real browser must find every
page working under the Content-Security-Policy."""

import gzip
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from demo.province import DEMO_PASSWORD
from thads.security import POLICY

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
HTTPS = {"X-Forwarded-Proto": "https"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, headers=None, data=None):
    """(status, headers, body) without following redirects; a POST with `data`."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, data=data, headers=headers or {}), timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn on loopback over a fresh SQLite register with a small demo province."""
    where = tmp_path_factory.mktemp("production")
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    port = free_port()
    env.update(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=f"sqlite:///{where / 'db.sqlite3'}",
               ALLOWED_HOSTS="127.0.0.1", STATIC_ROOT=str(where / "static"),
               # The proxy is played by a header, so the browser's own origin is http://, not https://.
               CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo", "--cases", "300")
    manage(env, "collectstatic", "--noinput", "-v0")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "thads.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(150):
        try:
            fetch(f"{url}/login/", HTTPS)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"gunicorn did not start: {process.stderr.read()}")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=30)


def test_plain_http_is_sent_to_https(server):
    status, headers, _body = fetch(f"{server}/login/")
    assert status == 301 and headers["Location"] == f"https://{server.removeprefix('http://')}/login/"


def test_pages_carry_the_security_headers(server):
    status, headers, body = fetch(f"{server}/login/", HTTPS)
    assert status == 200
    assert headers["Content-Security-Policy"] == POLICY
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    csrf = [c for c in headers.get_all("Set-Cookie") if c.startswith("csrftoken=")]
    assert csrf and "Secure" in csrf[0]
    assert b"<script>" not in body and b" style=" not in body


def test_a_form_posted_without_its_token_is_refused_in_vietnamese(server):
    status, _headers, body = fetch(f"{server}/login/", HTTPS, data=b"username=quantri&password=x")
    assert status == 403 and "Biểu mẫu đã hết hiệu lực" in body.decode()


def test_static_files_are_hashed_compressed_and_kept_a_year(server):
    _status, _headers, body = fetch(f"{server}/login/", HTTPS)
    css = re.search(rb'href="(/static/css/thads\.[0-9a-f]{12}\.css)"', body)
    assert css, "the page names the stylesheet by its hash"
    status, headers, content = fetch(f"{server}{css.group(1).decode()}", {**HTTPS, "Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
    assert b".actions.spaced" in gzip.decompress(content)
    status, _headers, _content = fetch(f"{server}/static/css/nothing-here.css", HTTPS)
    assert status == 404


def test_an_administrator_works_in_a_browser_under_the_policy(server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN", extra_http_headers=HTTPS)
    page = context.new_page()
    refused, failed = [], []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    try:
        page.goto(f"{server}/login/")
        page.fill("#id_username", "quantri")  # the province's administrator
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit].primary")
        page.wait_for_selector("canvas")
        # dashboard.js ran: Chart.js drew the charts (a canvas it sized), from the hashed files.
        page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length >= 3")
        session = [c for c in context.cookies() if c["name"] == "sessionid"]
        assert session and session[0]["secure"] and session[0]["httpOnly"]
        page.goto(f"{server}/cases/?is_open=true")
        page.wait_for_selector("table.data")
        page.click("table.data tbody tr:first-child a")
        page.wait_for_selector("text=Diễn biến")
        page.goto(page.url + "events/new/")
        amount = page.locator('[data-field="amount"]')
        page.select_option("#id_kind", "payment")
        assert amount.is_visible()
        page.select_option("#id_kind", "classify")
        assert amount.is_hidden()  # event_form.js, a static file now, shows only the chosen event's fields
        missing = page.goto(f"{server}/cases/99999999/")
        assert missing.status == 404 and page.inner_text("h1") == "Không tìm thấy trang"
        failed.remove(missing.url)
    finally:
        context.close()
    assert refused == [] and failed == []
