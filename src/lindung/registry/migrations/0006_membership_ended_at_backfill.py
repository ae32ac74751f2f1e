"""Rows already ended get ``ended_at`` = now: when their end was recorded is unknown, so the next billing run
examines each of them once more against every earlier month (conservative; adjustments are idempotent)."""

from django.db import migrations
from django.db.models.functions import Now


def backfill(apps, schema_editor):
    Membership = apps.get_model("registry", "Membership")
    Membership.objects.filter(valid_to__isnull=False, ended_at__isnull=True).update(ended_at=Now())


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_membership_ended_at"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
