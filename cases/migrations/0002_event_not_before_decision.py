"""Database guard: no case event may be dated before its case's enforcement decision.

A CHECK constraint cannot look at another table, so this is a trigger on both supported databases.
"""

from django.db import migrations

POSTGRESQL_UP = """
CREATE OR REPLACE FUNCTION cases_event_not_before_decision() RETURNS trigger AS $$
BEGIN
    IF NEW.effective_date < (SELECT decision_date FROM cases_case WHERE id = NEW.case_id) THEN
        RAISE EXCEPTION 'case event dated before the enforcement decision' USING ERRCODE = '23514';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_event_not_before_decision
    BEFORE INSERT OR UPDATE ON cases_caseevent
    FOR EACH ROW EXECUTE FUNCTION cases_event_not_before_decision();
"""
POSTGRESQL_DOWN = """
DROP TRIGGER IF EXISTS cases_event_not_before_decision ON cases_caseevent;
DROP FUNCTION IF EXISTS cases_event_not_before_decision();
"""
SQLITE_UP = [
    """
CREATE TRIGGER cases_event_not_before_decision_insert
BEFORE INSERT ON cases_caseevent
WHEN NEW.effective_date < (SELECT decision_date FROM cases_case WHERE id = NEW.case_id)
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: case event dated before the enforcement decision'); END;
""",
    """
CREATE TRIGGER cases_event_not_before_decision_update
BEFORE UPDATE ON cases_caseevent
WHEN NEW.effective_date < (SELECT decision_date FROM cases_case WHERE id = NEW.case_id)
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: case event dated before the enforcement decision'); END;
""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS cases_event_not_before_decision_insert;",
    "DROP TRIGGER IF EXISTS cases_event_not_before_decision_update;",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"No event-date trigger for {vendor}.")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
