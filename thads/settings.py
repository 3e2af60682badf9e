"""Settings, all from the environment, with working defaults for a laptop.

Unset DATABASE_URL: an SQLite file in the project. Unset REDIS_URL: Celery runs tasks eagerly
in-process and the cache is local memory. Set: Redis is the Celery broker and the cache.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from redis.backoff import NoBackoff
from redis.retry import Retry

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

# Production (DEBUG off) refuses to start without what it must not guess: a laptop's defaults
# there would sign sessions with a public key or write the register into an SQLite file.
REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
if not DEBUG and (missing := [name for name in REQUIRED_IN_PRODUCTION if not env.str(name, default="").strip()]):
    raise ImproperlyConfigured(f"{', '.join(missing)} must be set when DEBUG is off.")

SECRET_KEY = env.str("SECRET_KEY", default="") or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "thads",
    "cases",
    "reports",
    "audit",
    "casework",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "thads.security.ContentSecurityPolicyMiddleware",
    "thads.middleware.ReadOnceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thads.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thads.middleware.IdleSessionMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "audit.context.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if not DEBUG:
    # Static files served by the web process itself, compressed and cached for a year by their
    # hashed names (in development runserver serves them from static/).
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "thads.urls"
WSGI_APPLICATION = "thads.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cases.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Each web thread keeps its connection from one request to the next, for up to this many seconds
# (0: a new connection every request, which cost PostgreSQL a new process and its catalogue caches
# each time); one that the database closed meanwhile (a restart) is found at the next request's
# start and replaced. So PostgreSQL's max_connections must exceed the web threads (README).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgresql" in DATABASES["default"]["ENGINE"]:
    # PostgreSQL's JIT compiles the drill-down queries (correlated subqueries, high estimated cost)
    # for longer than they run: 750 ms of compiling for a 56 ms query. Our queries never gain from it.
    # Nor from parallel workers: a list's page (fifty rows, estimated dear) waited 5 to 10 ms for two
    # workers to start, of 25 to 40 (issue 27, bench/RESULTS.md); the dashboards took as long without
    # them, and under load every worker is a process taking a core from another request.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c max_parallel_workers_per_gather=0")
if "sqlite" in DATABASES["default"]["ENGINE"]:
    # Write-ahead logging: pages a large import's transaction spills from SQLite's cache go to the
    # log without the rollback journal's sync each time (on a busy machine a 100.000-case import
    # waited on them for a fifth of its time), and the pages keep being read while an import writes.
    # The log is cut back to 64 MB after each checkpoint (it grew to a large import's size and stayed).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA journal_size_limit=67108864;")
# A streaming replica of the primary, read by dashboards and period reports once it has caught up
# (thads.replica); in tests, the primary itself under a second connection.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**env.db_url_config(DATABASE_REPLICA_URL), "ATOMIC_REQUESTS": False,
                            "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"], "CONN_HEALTH_CHECKS": True,
                            "OPTIONS": DATABASES["default"].get("OPTIONS", {}), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["thads.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "cases.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"  # an officer opens on their own cases (casework.workspace_views)
LOGOUT_REDIRECT_URL = "login"

# Every login goes through the lockout (cases.login_protection); administrators hold their role's permissions.
AUTHENTICATION_BACKENDS = ["cases.backend.Backend"]
# Proxies in front of the web processes that append to X-Forwarded-For (the lockout counts by
# the browser's address): 0 when browsers reach gunicorn directly.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cases.passwords.CharacterKindsValidator"},
]
# A session lasts a working day at most, ends with the browser, and after an hour without a
# request (thads.middleware.IdleSessionMiddleware).
SESSION_ENGINE = "thads.sessions"  # Django's database sessions, read without the ORM
SESSION_COOKIE_AGE = 10 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=3600)

# Language, time and numbers: Vietnamese first, English switchable.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True
# Django prints no thousands separators for "vi" unless grouping is set (1.234.567; 83,88).
USE_THOUSAND_SEPARATOR = True
NUMBER_GROUPING = 3
FORMAT_MODULE_PATH = ["thads.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# In production the pages name each static file by its content's hash (collectstatic writes them),
# so browsers keep them for a year and never use a stale one after an upgrade.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS only in production, behind a TLS proxy that says so with X-Forwarded-Proto (gunicorn.conf.py).
X_FRAME_OPTIONS = "DENY"
# Origins other than the site's own allowed to post forms (a proxy that rewrites the Host header).
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Redis when REDIS_URL is set; otherwise everything stays in-process.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
    # What the cache holds can be recomputed: when Redis is away, give up at once (thads.cache)
    # rather than retrying with back-off on every page.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "OPTIONS": {"retry": Retry(NoBackoff(), 1), "socket_connect_timeout": 1, "socket_timeout": 2}}}
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TIMEZONE = TIME_ZONE
# Jobs record how they ended in the database; Celery's result store is never read, and sending a
# task would otherwise subscribe to it, which with Redis stopped retried for 19 s and then raised.
CELERY_TASK_IGNORE_RESULT = True
# A broker that does not answer refuses the request within seconds instead of hanging it.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 10}
# celery beat: the monthly period reports, and the watch over report jobs whose worker died.
CELERY_BEAT_SCHEDULE = {
    "monthly-period-reports": {"task": "reports.build_monthly_reports",
                               "schedule": crontab(day_of_month="1", hour="1", minute="30")},
    "watch-report-jobs": {"task": "reports.sweep_report_jobs", "schedule": 60.0},
    # Pages never fill the summary figures: a year no write has filled (1 October) is filled here.
    "fill-figures": {"task": "reports.fill_figures", "schedule": 600.0},
    "watch-import-jobs": {"task": "cases.sweep_import_jobs", "schedule": 60.0},
}
CELERY_TASK_ACKS_LATE = True
# Time limits of the background jobs, in seconds (README "Security"): past them a job ends with its
# reason and nothing written. The largest import allowed (500.000 rows) takes about ten minutes.
THADS_IMPORT_TIME_LIMIT = env.int("THADS_IMPORT_TIME_LIMIT", default=30 * 60)
THADS_REPORT_TIME_LIMIT = env.int("THADS_REPORT_TIME_LIMIT", default=10 * 60)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# Domain settings (see shared domain primer, points marked "unconfirmed").
# A postponement agreed by the parties (hoãn theo thỏa thuận) counts inside "có điều kiện".
THADS_AGREED_POSTPONEMENT_WITH_CONDITIONS = env.bool("THADS_AGREED_POSTPONEMENT_WITH_CONDITIONS", default=True)
# The official form numbers of the two sheets of the period report ("Biểu số"): not known to the
# project for certain (README), so empty by default, and the form leaves a line to write it in.
THADS_FORM_NUMBER_CASES = env.str("THADS_FORM_NUMBER_CASES", default="")
THADS_FORM_NUMBER_MONEY = env.str("THADS_FORM_NUMBER_MONEY", default="")
# An open case not yet classified (before its verification) counts as able ("đang thi hành").
THADS_UNCLASSIFIED_AS_ABLE = env.bool("THADS_UNCLASSIFIED_AS_ABLE", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
