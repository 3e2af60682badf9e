import django.db.models.deletion
from django.db import migrations, models

# Each foreign key's own index is covered by a composite index that leads with it. Only the index is
# dropped: Django's AlterField would also drop and re-add the foreign key, re-checking every row.
COVERED = [
    ("cases_case", "agency_id", "cases_case_agency_id_062136fa"),
    ("cases_case", "officer_id", "cases_case_officer_id_53018482"),
    ("cases_caseevent", "agency_id", "cases_caseevent_agency_id_10443915"),
    ("cases_caseevent", "case_id", "cases_caseevent_case_id_6c6031ac"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_closed_decision_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{index}"', f'CREATE INDEX "{index}" ON "{table}" ("{column}")')
                for table, column, index in COVERED
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='case',
                    name='agency',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='cases.agency', verbose_name='agency holding the case'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='officer',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='cases.officer', verbose_name='enforcement officer'),
                ),
                migrations.AlterField(
                    model_name='caseevent',
                    name='agency',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.agency', verbose_name='agency holding the case'),
                ),
                migrations.AlterField(
                    model_name='caseevent',
                    name='case',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='cases.case', verbose_name='case'),
                ),
            ],
        ),
    ]
