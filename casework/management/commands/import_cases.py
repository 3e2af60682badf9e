from casework.imports import CASE_COLUMNS, import_cases
from casework.management.importing import ImportCommand


class Command(ImportCommand):
    help = ("Import cases from an .xlsx or .csv file made from the template (columns: "
            + "; ".join(c.header for c in CASE_COLUMNS) + "). All or nothing; re-importing skips what is there.")
    name = "import_cases"
    importer = staticmethod(import_cases)
    done = "{created} case(s) imported, {skipped} already in the register."
