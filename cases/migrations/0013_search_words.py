"""The cases' search text as their words (cases.search), and on PostgreSQL a GIN index of those
words: a search reads it instead of every case of the country."""

import re
import unicodedata

from django.db import migrations

BATCH = 2000


def _search_text(*parts):
    """cases.search.search_text as it was written (a migration keeps its own copy)."""
    text = " ".join(parts).replace("Đ", "D").replace("đ", "d")
    folded = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()
    return f" {' '.join(re.findall(r'[a-z0-9]+', folded))} "


def to_words(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        # The stored text is already folded; its words, as cases.search.words finds them.
        schema_editor.execute(
            "UPDATE cases_case SET search_text = ' ' || array_to_string(ARRAY("
            "SELECT m[1] FROM regexp_matches(search_text, '([a-z0-9]+)', 'g') AS m), ' ') || ' '")
        schema_editor.execute("CREATE INDEX case_search_words ON cases_case USING gin (string_to_array(search_text, ' '))")
        return
    Case = apps.get_model("cases", "Case")
    batch = []
    for case in Case.objects.only("decision_number", "debtor_name", "creditor_name").iterator(chunk_size=BATCH):
        case.search_text = _search_text(case.decision_number, case.debtor_name, case.creditor_name)
        batch.append(case)
        if len(batch) == BATCH:
            Case.objects.bulk_update(batch, ["search_text"])
            batch = []
    Case.objects.bulk_update(batch, ["search_text"])


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_search_words")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_closed_by_decision_index"),
    ]

    operations = [migrations.RunPython(to_words, drop_index, elidable=False)]
