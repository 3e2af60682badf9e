"""PostgreSQL's estimate of how many events a case has.

ANALYZE samples 30.000 of the event table's rows, and from them estimated 383.426 distinct cases
among the national dataset's 4.096.163 (68 events a case, where there are 6 or 7): the case page
then planned its timeline's read for thousands of rows and hashed the agency table twice for it.
A case's events are a small share of the table whatever its size; the share is written down
(n_distinct = -0,15: one case for every 6,7 events) instead of guessed from the sample.
"""

from django.db import migrations


def _alter(schema_editor, option):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite keeps no such estimate
    schema_editor.execute(f"ALTER TABLE cases_caseevent ALTER COLUMN case_id {option}")
    schema_editor.execute("ANALYZE cases_caseevent")


def forwards(apps, schema_editor):
    _alter(schema_editor, "SET (n_distinct = -0.15)")


def backwards(apps, schema_editor):
    _alter(schema_editor, "RESET (n_distinct)")  # estimated from the sample again


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0022_case_number_agency"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
