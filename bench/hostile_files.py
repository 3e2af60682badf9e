"""What a hostile upload costs before it is refused: time and peak memory of each file.

    .venv/bin/python bench/hostile_files.py

Each file goes through `casework.imports.import_cases` as a clerk would send it (a throwaway SQLite
database, or DATABASE_URL if set), in a process of its own so that each peak memory is its own:
- the review's file: a 1,7 MB workbook of 600.000 rows (one number a row), past the row limit;
- the same rows in a CSV;
- a workbook whose 6 kB unpack to 700 MB (past the unpacked limit);
- a CSV of 50 MB of empty lines;
- a workbook whose only row is the sheet's last (1.048.576), every row above it empty.
Numbers go in bench/RESULTS.md ("Hostile files").
"""

import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.workbooks import workbook_of  # noqa: E402

FILES = ("xlsx-600000-rows", "csv-600000-rows", "xlsx-unpacks-to-700-mb", "csv-50-mb-of-empty-lines",
         "xlsx-one-row-at-the-end")


def make(name: str) -> tuple[bytes, str]:
    if name == "xlsx-600000-rows":
        return workbook_of("".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(1, 600_001))), "f.xlsx"
    if name == "csv-600000-rows":
        return b"1\n" * 600_000, "f.csv"
    if name == "xlsx-unpacks-to-700-mb":
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            with archive.open("xl/worksheets/sheet1.xml", "w") as part:
                for _ in range(700):
                    part.write(b"0" * (1024 * 1024))
        return out.getvalue(), "f.xlsx"
    if name == "csv-50-mb-of-empty-lines":
        return b"\n" * (50 * 1024 * 1024 - 1), "f.csv"
    if name == "xlsx-one-row-at-the-end":
        return workbook_of('<row r="1048576"><c r="A1048576"><v>1</v></c></row>'), "f.xlsx"
    raise ValueError(name)


def one(name: str, path: str):
    """In this process: import the file at `path`, print what it cost."""
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django
    import production_like  # noqa: F401  (as deployed)

    django.setup()
    from django.core.management import call_command

    from cases.models import Agency, User
    from casework import imports

    call_command("migrate", verbosity=0)
    call_command("load_agencies", verbosity=0)
    clerk = User.objects.create_user("bench", password="x", role=User.Role.CLERK,
                                     agency=Agency.objects.get(code="CTHADS-TUYENQUANG"))
    data, filename = Path(path).read_bytes(), path
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    try:
        imports.import_cases(data, filename, user=clerk)
        outcome = "accepted"
    except imports.FileRefused as refused:
        outcome = f"refused: {refused}"
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"| {name} | {len(data) / 1024:,.0f} KiB | {elapsed:.2f} s | {peak:.0f} MiB (before: {before:.0f}) | {outcome} |")


def main():
    print("| file | size | until refused | peak memory | outcome |\n|---|---:|---:|---:|---|")
    folder = Path(tempfile.mkdtemp())
    for name in FILES:
        data, filename = make(name)  # made here, so that the import's process holds only the file
        path = folder / f"{name}{Path(filename).suffix}"
        path.write_bytes(data)
        subprocess.run([sys.executable, __file__, name, str(path)], check=True, cwd=ROOT)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        sys.path.insert(0, str(ROOT / "bench"))
        one(*sys.argv[1:3])
    else:
        main()
