import importlib

import cases.amounts
from django.db import migrations, models

# SQLite adds a constraint by rebuilding the table, which its triggers on the events cannot survive
# (they name the case table): they are dropped first and made again after.
_trigger = importlib.import_module("cases.migrations.0002_event_not_before_decision")


def _on_sqlite(step):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            step(apps, schema_editor)

    return run

CEILING = 1000000000000000  # cases.amounts.MAX_AMOUNT when this was written


def refuse_amounts_over_the_ceiling(apps, schema_editor):
    """The constraints below would fail on an amount already over the ceiling, with PostgreSQL's
    words; say which cases hold one instead, so that they are corrected (never changed here)."""
    Case, CaseEvent = apps.get_model("cases", "Case"), apps.get_model("cases", "CaseEvent")
    over = list(Case.objects.filter(amount__gt=CEILING).values_list("pk", "decision_number")[:20])
    over += list(CaseEvent.objects.filter(amount__gt=CEILING).values_list("case_id", "case__decision_number")[:20])
    if over:
        cases = ", ".join(f"#{pk} {number}" for pk, number in over)
        raise RuntimeError(
            f"Amounts over {CEILING} đồng (the ceiling of an amount) are recorded on these cases: {cases}. "
            "Correct them, then run the migration again.")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0016_login_attempt'),
    ]

    operations = [
        migrations.RunPython(_on_sqlite(_trigger.backwards), _on_sqlite(_trigger.forwards)),
        migrations.AlterField(
            model_name='case',
            name='amount',
            field=models.BigIntegerField(default=0, validators=[cases.amounts.validate_amount], verbose_name='amount to enforce (đồng)'),
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='amount',
            field=models.BigIntegerField(default=0, validators=[cases.amounts.validate_amount], verbose_name='amount (đồng)'),
        ),
        migrations.RunPython(refuse_amounts_over_the_ceiling, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.CheckConstraint(condition=models.Q(('amount__lte', CEILING)), name='case_amount_within_ceiling'),
        ),
        migrations.AddConstraint(
            model_name='caseevent',
            constraint=models.CheckConstraint(condition=models.Q(('amount__lte', CEILING)), name='event_amount_within_ceiling'),
        ),
        migrations.RunPython(_on_sqlite(_trigger.forwards), _on_sqlite(_trigger.backwards)),
    ]
