"""Where one page's server time goes: SQL, cache, templates, middleware and the rest in Python.

    DATABASE_URL=postgres://…/thads_national REDIS_URL=redis://… \\
        .venv/bin/python bench/profile_page.py "/cases/?is_open=true" --user lanhdao [--repeat 20]

The page is asked through Django's handler in this process (the test client: no network), with
production's settings (bench/production_like.py: DEBUG off, hashed static files), signed in as
--user. After a warm-up request, --repeat requests are timed; the report gives their median, and
for the request whose total is the median:

- SQL: every query with its time, the slowest first (--top of them), their count and total; the
  queries run while a template renders (a queryset read late) are counted apart;
- the cache (Redis): calls and time;
- templates: the outermost renders' time, less the SQL and cache calls inside them;
- each middleware's own time (on the way in and out, its inner layers excluded) and the view's;
- Python: the rest (middleware, view, forms, …), then a cProfile of --profiled more requests:
  the project's functions and Django's middlewares by cumulative time per request.

`--uncached` moves the data version before every request, as any write does (a dashboard then
reads its figures instead of its cached page). `{case}` in the URL is the case of Tuyên Quang
that bench/national.py measures (production_like.a_case_of): "/cases/{case}/". Nothing is asserted or saved.
"""

import argparse
import cProfile
import gc
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import django  # noqa: E402
import production_like  # noqa: E402  (bench/ is the script's directory)

django.setup()
production_like.collect_static()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402


class Recorder:
    """What one request spent, filled by the hooks below."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.queries = []  # (sql, ms, inside a template, (params, the planner's settings then))
        self.settings = ()  # "SET … = off" in force (thads.pagination's contexts)
        self.cache_calls = []  # (method, ms, inside a template)
        self.template_ms = 0.0
        self.template_depth = 0
        self.marks = {}  # middleware index: (in, out) perf_counter times
        self.gc_ms = 0.0
        self.gc_runs = [0, 0, 0]  # collections by generation
        self.gc_started = None


RECORD = Recorder()


def _gc_hook(phase, info):
    """Python's garbage collections during the request (gc.callbacks): their time falls on
    whatever code allocated when one started."""
    if phase == "start":
        RECORD.gc_started = time.perf_counter()
    elif RECORD.gc_started is not None:
        RECORD.gc_ms += (time.perf_counter() - RECORD.gc_started) * 1000
        RECORD.gc_runs[info["generation"]] += 1
        RECORD.gc_started = None


def _sql_hook(execute, sql, params, many, context):
    start = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        RECORD.queries.append((sql, (time.perf_counter() - start) * 1000, RECORD.template_depth > 0,
                               (params, RECORD.settings)))
        words = sql.split()
        if len(words) >= 2 and words[0] in ("SET", "RESET"):
            RECORD.settings = tuple(s for s in RECORD.settings if s.split()[1] != words[1])
            if words[0] == "SET":
                RECORD.settings += (sql,)


def _timed_template_render(render):
    def wrapped(self, context):
        RECORD.template_depth += 1
        start = time.perf_counter()
        try:
            return render(self, context)
        finally:
            RECORD.template_depth -= 1
            if RECORD.template_depth == 0:
                RECORD.template_ms += (time.perf_counter() - start) * 1000

    return wrapped


CACHE_METHODS = ("get", "set", "add", "incr", "delete", "get_many", "set_many", "touch", "has_key")


def _timed_cache(cls):
    for name in CACHE_METHODS:
        original = getattr(cls, name, None)
        if original is None or getattr(original, "profiled", False):
            continue

        def wrapped(self, *args, _original=original, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _original(self, *args, **kwargs)
            finally:
                key = args[0] if args else ""
                RECORD.cache_calls.append((f"{_name} {str(key)[:60]}", (time.perf_counter() - start) * 1000,
                                           RECORD.template_depth > 0))

        wrapped.profiled = True
        setattr(cls, name, wrapped)


def _marker(index):
    """A middleware placed right after the middleware `index`: the time the request reaches it and
    the time its response leaves it."""

    class Marker:
        def __init__(self, get_response):
            self.get_response = get_response

        def __call__(self, request):
            entered = time.perf_counter()
            try:
                return self.get_response(request)
            finally:
                RECORD.marks[index] = (entered, time.perf_counter())

    Marker.__name__ = f"Marker{index}"
    return Marker


def instrumented_middleware():
    """settings.MIDDLEWARE with a marker after each entry (markers are this module's attributes)."""
    module = sys.modules[__name__]
    chain = []
    for index, path in enumerate(settings.MIDDLEWARE):
        setattr(module, f"Marker{index}", _marker(index))
        chain += [path, f"{__name__}.Marker{index}"]
    return chain


def middleware_times(middleware, marks, start, end) -> list:
    """(name, own ms) of each middleware, then the view's (the innermost marker's time)."""
    rows = []
    outer = (start, end)
    for index, path in enumerate(middleware):
        inner = marks.get(index)
        if inner is None:  # this middleware answered without calling the rest
            rows.append((path, (outer[1] - outer[0]) * 1000))
            return rows
        rows.append((path, ((inner[0] - outer[0]) + (outer[1] - inner[1])) * 1000))
        outer = inner
    rows.append(("(view, its template and what it reads)", (outer[1] - outer[0]) * 1000))
    return rows


def project_function(filename: str) -> bool:
    if "/django/" in filename:
        return "middleware" in filename
    return filename.startswith(str(ROOT)) and "/.venv/" not in filename and "/bench/" not in filename


def print_profile(profile, requests, top):
    stats = pstats.Stats(profile)
    rows = []
    for (filename, line, function), (_cc, calls, own, cumulative, _callers) in stats.stats.items():
        if project_function(filename):
            name = filename.replace(str(ROOT) + "/", "")
            if "/django/" in name:
                name = "django/" + name.split("/django/", 1)[1]
            rows.append((cumulative, own, calls, f"{name}:{line} {function}"))
    rows.sort(reverse=True)
    print(f"\nPython (cProfile of {requests} requests; per request; project code and Django's middlewares; "
          "cProfile slows the calls it counts, so compare these with each other, not with the times above):")
    print(f"  {'cumulative':>10s} {'own':>8s} {'calls':>7s}  function")
    for cumulative, own, calls, name in rows[:top]:
        print(f"  {cumulative / requests * 1000:8.2f}ms {own / requests * 1000:6.2f}ms {calls / requests:7.1f}  {name}")
    # Where the time is spent itself, in any code (Django's templates, the database driver, …).
    own_rows = sorted(((own, cumulative, calls, f"{_short(filename)}:{line} {function}")
                       for (filename, line, function), (_cc, calls, own, cumulative, _callers) in stats.stats.items()),
                      reverse=True)
    print("\n  by own time, any code:")
    print(f"  {'own':>10s} {'cumulative':>10s} {'calls':>7s}  function")
    for own, cumulative, calls, name in own_rows[:top]:
        print(f"  {own / requests * 1000:8.2f}ms {cumulative / requests * 1000:8.2f}ms {calls / requests:7.1f}  {name}")


def _short_arrays(text):
    """A thousand agency ids in a plan or a query, as their first few and their number."""
    def shortened(match):
        items = match.group(1).split(",")
        return match.group(0) if len(items) <= 8 else f"'{{{','.join(items[:5])},… {len(items)} in all}}'"

    return re.sub(r"'\{([^{}']*)\}'", shortened, text)


def _short(filename):
    for marker in ("/site-packages/", str(ROOT) + "/", "/lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


CASE_OF = "THADS-TUYENQUANG"  # the province of the national dataset's leader (lanhdao) and clerk (thuky)


def sample_case_url(url, user):
    if "{case}" not in url:
        return url
    return url.replace("{case}", str(production_like.a_case_of(CASE_OF).pk))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--user", required=True, help="a username, e.g. trunguong, lanhdao, thuky")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests after the warm-up (default 20)")
    parser.add_argument("--profiled", type=int, default=10, help="requests under cProfile (default 10; 0: none)")
    parser.add_argument("--top", type=int, default=15, help="queries and functions listed (default 15)")
    parser.add_argument("--uncached", action="store_true", help="move the data version before each request")
    parser.add_argument("--sql", action="store_true", help="print each query whole, not its first 160 characters")
    parser.add_argument("--explain", type=int, default=0, metavar="N",
                        help="print PostgreSQL's plan (EXPLAIN ANALYZE, BUFFERS) of the N slowest queries")
    args = parser.parse_args()

    from cases.models import User
    from thads import data_version

    user = User.objects.select_related("agency").get(username=args.user)
    url = sample_case_url(args.url, user)

    template_base.Template.render = _timed_template_render(template_base.Template.render)
    gc.callbacks.append(_gc_hook)
    _timed_cache(type(caches["default"]))
    middleware = list(settings.MIDDLEWARE)

    with override_settings(MIDDLEWARE=instrumented_middleware()), connection.execute_wrapper(_sql_hook):
        client = Client()
        client.force_login(user)

        def get():
            if args.uncached:
                data_version.changed()
            RECORD.reset()
            start = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)
            end = time.perf_counter()
            if response.status_code != 200:
                sys.exit(f"{url}: {response.status_code} {response.get('Location', '')}")
            return {"total": (end - start) * 1000, "queries": list(RECORD.queries), "cache": list(RECORD.cache_calls),
                    "template": RECORD.template_ms, "middleware": middleware_times(middleware, RECORD.marks, start, end),
                    "size": len(response.content) if not response.streaming else 0,
                    "gc": (RECORD.gc_ms, list(RECORD.gc_runs))}

        get()  # warm-up
        runs = [get() for _ in range(args.repeat)]

        profile = None
        if args.profiled:
            profile = cProfile.Profile()
            for _ in range(args.profiled):
                if args.uncached:
                    data_version.changed()
                profile.enable()
                client.get(url)
                profile.disable()

    totals = [run["total"] for run in runs]
    median = statistics.median(totals)
    run = min(runs, key=lambda r: abs(r["total"] - median))  # the run whose total is the median
    sql_out = sum(ms for _sql, ms, inside, _p in run["queries"] if not inside)
    sql_in = sum(ms for _sql, ms, inside, _p in run["queries"] if inside)
    cache_out = sum(ms for _m, ms, inside in run["cache"] if not inside)
    cache_in = sum(ms for _m, ms, inside in run["cache"] if inside)
    template_own = run["template"] - sql_in - cache_in
    python = run["total"] - sql_out - sql_in - cache_out - cache_in - template_own

    def share(ms):
        return f"{ms:7.2f} ms {ms / run['total'] * 100:5.1f} %"

    print(f"{url} as {user.username} ({user.agency.short_name if user.agency else 'no agency'})"
          f"{', uncached' if args.uncached else ''}; {len(runs)} requests after one warm-up, {run['size'] / 1024:.0f} KiB")
    print(f"server time: median {median:.2f} ms, min {min(totals):.2f}, max {max(totals):.2f}; "
          f"SQL time median {statistics.median(sum(q[1] for q in r['queries']) for r in runs):.2f} ms\n")
    print(f"The median request ({run['total']:.2f} ms):")
    print(f"  SQL              {share(sql_out)}  {sum(not q[2] for q in run['queries'])} queries")
    print(f"  SQL in templates {share(sql_in)}  {sum(q[2] for q in run['queries'])} queries")
    print(f"  cache            {share(cache_out + cache_in)}  {len(run['cache'])} calls "
          f"({', '.join(sorted({m.split()[0] for m, *_r in run['cache']}))})")
    print(f"  templates        {share(template_own)}  (rendering alone)")
    print(f"  Python, the rest {share(python)}")
    gc_ms, gc_runs = run["gc"]
    print(f"    of which garbage collection {gc_ms:.2f} ms ({gc_runs[0]}, {gc_runs[1]} and {gc_runs[2]} collections "
          "of generations 0, 1, 2; counted wherever one started); over all the requests "
          f"{statistics.mean(r['gc'][0] for r in runs):.2f} ms a request")

    if run["cache"]:
        print("\nCache calls of the median request:")
        for call, ms, inside in run["cache"]:
            print(f"  {ms:7.2f} ms {'T' if inside else ' '} {call}")

    print("\nMiddleware, own time (in and out), then the view:")
    for path, ms in run["middleware"]:
        print(f"  {ms:7.2f} ms  {path}")

    print(f"\nQueries of the median request, slowest first ({len(run['queries'])}; 'T': read while rendering):")
    ordered = sorted(run["queries"], key=lambda q: -q[1])
    for sql, ms, inside, _params in ordered[: args.top]:
        text = " ".join(sql.split())
        print(f"  {ms:7.2f} ms {'T' if inside else ' '} {text if args.sql else text[:160]}")
    if len(ordered) > args.top:
        print(f"  … {len(ordered) - args.top} more, {sum(q[1] for q in ordered[args.top:]):.2f} ms")
    for sql, ms, _inside, (params, planner) in ordered[: args.explain]:
        print(f"\nThe plan of the query of {ms:.2f} ms{' (' + '; '.join(planner) + ')' if planner else ''}:")
        with connection.cursor() as cursor:
            for setting in planner:
                cursor.execute(setting)
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print("\n".join(f"  {_short_arrays(line)}" for (line,) in cursor.fetchall()))
            for setting in planner:
                cursor.execute(f"RESET {setting.split()[1]}")

    if profile is not None:
        print_profile(profile, args.profiled, args.top)


if __name__ == "__main__":
    main()
