"""Time the period report (XLSX + PDF, as a worker builds it) and its peak memory.

    .venv/bin/python bench/export_report.py            # on a throwaway SQLite with the demo data
    DATABASE_URL=postgres://… .venv/bin/python bench/export_report.py   # a database holding the demo

Each case runs in its own process (so its peak memory is its own): one report job built with
`reports.report_jobs.job_run`, exactly as the Celery task does (figures, spreadsheet, PDF, files
saved), five times after one warm-up; the median and the peak resident memory are printed. Numbers
go in bench/RESULTS.md and the README.
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import production_like  # noqa: E402, F401  (bench/ is the script's directory)

CASES = {
    "province-12": ("THADS-TUYENQUANG", 2026, 12, "child"),  # closed by the demo: the published figures
    "province-9": ("THADS-TUYENQUANG", 2026, 9, "child"),    # live figures
    "province-12-officers": ("THADS-TUYENQUANG", 2026, 12, "officer"),
    "national-12": ("CQLTHADS", 2026, 12, "child"),          # the whole national tree, 34 provinces
}
RUNS = 5


def one(name):
    import django

    django.setup()
    from datetime import date

    from cases.models import Agency, User
    from reports import report_jobs
    from reports.models import ReportFile, ReportJob

    code, year, months, by = CASES[name]
    agency = Agency.objects.get(code=code)
    user = User.objects.filter(role=User.Role.LEADERSHIP).first()
    times, sizes = [], {}
    for run in range(RUNS + 1):
        job = ReportJob.objects.create(agency=agency, year=year, months=months, by=by, requested_by=user,
                                       owner_agency=agency)
        start = time.perf_counter()
        job = report_jobs.job_run(job.pk, today=date(2026, 11, 22))
        elapsed = time.perf_counter() - start
        assert job.status == "done", job.message
        if run:
            times.append(elapsed)
        sizes = dict(ReportFile.objects.filter(job=job).values_list("kind", "size"))
    ReportJob.objects.filter(requested_by=user, agency=agency).delete()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name:22} median {statistics.median(times) * 1000:7.0f} ms  max {max(times) * 1000:7.0f} ms  "
          f"peak {peak:5.0f} MiB  xlsx {sizes['xlsx'] / 1024:5.1f} KiB  pdf {sizes['pdf'] / 1024:5.1f} KiB  "
          f"frozen {job.frozen}", flush=True)


def load():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)


def main():
    # Each step in its own process: Linux keeps a process's peak memory across exec, so this one
    # stays small and every case's peak is its own.
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
        subprocess.run([sys.executable, __file__, "--load"], check=True, env=os.environ)
    for name in CASES:
        subprocess.run([sys.executable, __file__, "--one", name], check=True, env=os.environ)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        one(sys.argv[2])
    elif sys.argv[1:2] == ["--load"]:
        load()
    else:
        main()
