"""Background tasks of the programme (django-tasks; run by ``lindung db_worker``)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from lindung.core.audit import audit_context
from lindung.core.models import Region
from lindung.programmes.services import replacements_sync


@task()
def replacements_sync_task(region_id: int) -> int:
    """Offer freed slots to the waiting list. Enqueue after ending a city-programme membership (the registry's
    hook: ``replacements_sync_task.enqueue(region_id)``), or nightly."""
    with audit_context(label="programme-replacements"):
        return replacements_sync(region=Region.objects.get(pk=region_id), today=timezone.localdate())
