import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# A foreign key covered by a composite index that leads with it loses its own index; a key most
# rows leave empty gets a partial index of the rows that have it. Only the indexes change: Django's
# AlterField would also drop and re-add each foreign key, re-checking every row.
DROPPED = [
    ("cases_case", "created_by_id", "cases_case_created_by_id_91d115ec"),
    ("cases_case", "entrusted_from_id", "cases_case_entrusted_from_id_b92d04f3"),
    ("cases_case", "issuing_agency_id", "cases_case_issuing_agency_id_d59e89a9"),
    ("cases_caseevent", "complaint_id", "cases_caseevent_complaint_id_8db0061a"),
    ("cases_caseevent", "entered_by_id", "cases_caseevent_entered_by_id_2e7c1d87"),
    ("cases_caseevent", "to_agency_id", "cases_caseevent_to_agency_id_8d8ce46c"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0013_search_words'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(f'DROP INDEX IF EXISTS "{index}"', f'CREATE INDEX "{index}" ON "{table}" ("{column}")')
                for table, column, index in DROPPED
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='case',
                    name='created_by',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='entrusted_from',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='entrusted_to', to='cases.case', verbose_name='entrusted from'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='issuing_agency',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='issued_cases', to='cases.agency', verbose_name='issuing agency'),
                ),
                migrations.AlterField(
                    model_name='caseevent',
                    name='complaint',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='cases.complaint', verbose_name='complaint'),
                ),
                migrations.AlterField(
                    model_name='caseevent',
                    name='entered_by',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='entered by'),
                ),
                migrations.AlterField(
                    model_name='caseevent',
                    name='to_agency',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.agency', verbose_name='to agency'),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('entrusted_from__isnull', False)), fields=['entrusted_from'], name='case_entrusted_from'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('created_by__isnull', False)), fields=['created_by'], name='case_created_by'),
        ),
        migrations.AddIndex(
            model_name='caseevent',
            index=models.Index(condition=models.Q(('to_agency__isnull', False)), fields=['to_agency'], name='event_to_agency'),
        ),
        migrations.AddIndex(
            model_name='caseevent',
            index=models.Index(condition=models.Q(('complaint__isnull', False)), fields=['complaint'], name='event_complaint'),
        ),
        migrations.AddIndex(
            model_name='caseevent',
            index=models.Index(condition=models.Q(('entered_by__isnull', False)), fields=['entered_by'], name='event_entered_by'),
        ),
    ]
