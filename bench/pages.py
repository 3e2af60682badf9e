"""Time the dashboard and case-list URLs on the current database (load the demo first).

    .venv/bin/python bench/pages.py [repeats]

Prints the median wall time of each URL as each demo user, through Django's test client (no
network), with the query count. Numbers are written down in bench/RESULTS.md, never asserted.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thads.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from cases.models import User  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
settings.DEBUG = True  # to count queries

URLS = [
    ("trunguong", "/?year=2026&months=12"),
    ("lanhdao", "/?year=2026&months=12"),
    ("lanhdao", "/"),
    ("thuky.kv6", "/"),
    ("lanhdao", "/cases/"),
    ("lanhdao", "/cases/?q=nguyen%20van&is_open=true"),
    ("lanhdao", "/cases/?sort=-remaining&after=1000000~1"),
    ("lanhdao", "/cases/?figure=with_conditions&year=2026&months=12"),
    ("lanhdao", "/cases/?figure=carried_forward&year=2026&months=6"),
    ("lanhdao", "/cases/?focus=reverification_overdue&sort=accepted_on"),
    ("lanhdao", "/cases/export.csv?is_open=true"),
]


def main(repeats):
    print(f"database: {connection.vendor}; repeats: {repeats}")
    clients = {}
    for username, url in URLS:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        client.get(url)  # warm-up (fills the summary table on first use)
        times = []
        for _ in range(repeats):
            reset_queries()
            start = time.perf_counter()
            response = client.get(url)
            size = len(b"".join(response.streaming_content)) if response.streaming else len(response.content)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{statistics.median(times):8.1f} ms  {len(connection.queries):3d} q  {size / 1024:8.1f} KiB  "
              f"{username:10s} {url}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
