from casework.imports import EVENT_COLUMNS, import_events
from casework.management.importing import ImportCommand


class Command(ImportCommand):
    help = ("Import events on registered cases from an .xlsx or .csv file made from the template (columns: "
            + "; ".join(c.header for c in EVENT_COLUMNS) + "). All or nothing; re-importing skips what is there.")
    name = "import_events"
    importer = staticmethod(import_events)
    done = "{created} event(s) recorded, {skipped} already recorded."
