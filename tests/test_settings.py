"""Settings come from the environment, with working defaults for a laptop."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "k" * 25 + "EY-long-and-random-0123456789",
              "DATABASE_URL": "postgres://thads@db.internal:5432/thads", "ALLOWED_HOSTS": "thads.example.vn"}


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    refused = probe(**{k: v for k, v in PRODUCTION.items() if k != missing})
    assert refused.returncode != 0 and f"{missing} must be set when DEBUG is off" in refused.stderr
    blank = probe(**{**PRODUCTION, missing: " "})
    assert blank.returncode != 0 and missing in blank.stderr


def test_production_starts_with_all_three():
    out = json.loads(probe(**PRODUCTION).stdout)
    assert out["debug"] is False and out["hosts"] == ["thads.example.vn"]
    assert out["db"] == "django.db.backends.postgresql"


def test_deploy_checks_are_clean_in_production():
    # A clean environment, as a server's: the test run's own variables (DJANGO_ALLOW_ASYNC_UNSAFE for
    # the browser tests) would be reported.
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"), **PRODUCTION}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
