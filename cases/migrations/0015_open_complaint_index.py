from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0014_sparse_key_indexes'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('open_complaints__gt', 0)), fields=['agency'], name='case_open_complaint'),
        ),
    ]
