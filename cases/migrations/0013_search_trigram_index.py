"""A trigram index on the cases' search text (PostgreSQL only): a search across many agencies reads
it instead of every case of the country (cases.filters.CaseFilter.search). pg_trgm is one of
PostgreSQL's own extensions, trusted: a database owner may create it."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS case_search_trgm ON cases_case USING gin (search_text gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_closed_by_decision_index"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
