"""Settings come from the environment, with working defaults for a laptop."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; from django.conf import settings as s; django.setup();"
    "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']),"
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['BACKEND'],"
    "'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE, 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS}))"
)


def probe(**env):
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG")}
    base["DJANGO_SETTINGS_MODULE"] = "thads.settings"
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env={**base, **env}, capture_output=True, text=True)
    return result


def test_laptop_defaults():
    out = json.loads(probe().stdout)
    assert out["db"] == "django.db.backends.sqlite3" and out["name"].endswith("db.sqlite3")
    assert out["eager"] is True and out["broker"] == "memory://"
    assert out["cache"].endswith("LocMemCache")
    assert (out["tz"], out["lang"]) == ("Asia/Ho_Chi_Minh", "vi")


def test_services_from_the_environment():
    out = json.loads(probe(DATABASE_URL="postgres://u@127.0.0.1:5432/x", REDIS_URL="redis://127.0.0.1:6379/3").stdout)
    assert out["db"] == "django.db.backends.postgresql" and out["name"] == "x"
    assert out["eager"] is False and out["broker"] == "redis://127.0.0.1:6379/3"
    assert out["cache"].endswith("RedisCache")


def test_production_needs_a_secret_key():
    refused = probe(DEBUG="false")
    assert refused.returncode != 0 and "SECRET_KEY must be set" in refused.stderr
    out = json.loads(probe(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="thads.example.vn").stdout)
    assert out["debug"] is False and out["hosts"] == ["thads.example.vn"]
