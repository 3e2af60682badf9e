"""gunicorn's settings for THADS Dashboard: `gunicorn thads.wsgi` reads this file from the working
directory. Each can be changed from the environment (GUNICORN_CMD_ARGS or the names below)."""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Pages are mostly database time: two processes a core, each with threads for the waits.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("WEB_THREADS", 4))
worker_class = "gthread"
# An export streams for a while; nothing else should take half a minute.
timeout = int(os.environ.get("WEB_TIMEOUT", 120))
graceful_timeout = 30
# A worker is replaced after this many requests, against slow growth of its memory.
max_requests = 2000
max_requests_jitter = 200
# The TLS proxy in front (nginx, a load balancer) says the request was HTTPS with X-Forwarded-Proto;
# gunicorn believes it only from these addresses (Django then sees a secure request).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
errorlog = "-"
