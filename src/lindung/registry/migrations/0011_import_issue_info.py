"""Row issues that ask nothing of the user (a row already in the registry, a programme the rules leave out) are
stored as information (``info``) instead of warnings, and an import counts its rows with information apart.

Schema only: existing issues keep the severity they were shown with, and existing jobs count 0 rows with
information (their rows were counted as warnings). The severity column is already wide enough for ``info``.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0010_membership_change_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="info_rows",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="importissue",
            name="severity",
            field=models.CharField(
                choices=[("error", "Kesalahan"), ("warning", "Peringatan"), ("info", "Informasi")], max_length=7
            ),
        ),
    ]
