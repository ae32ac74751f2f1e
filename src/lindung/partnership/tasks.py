"""Background work of the partnership (django-tasks; run by ``lindung db_worker``): PDFs asked for on a page."""

from __future__ import annotations

from django_tasks import task

from lindung.core.audit import audit_context
from lindung.partnership.models import PdfExport


@task()
def pdf_export_task(export_id: int) -> str:
    """Render one requested PDF (the PKS draft, the scorecard or the evidence pack); the page polls its status."""
    from lindung.partnership.services.pdf_exports import pdf_export_render

    export = PdfExport.objects.select_related("requested_by").get(pk=export_id)
    with audit_context(user=export.requested_by):
        export = pdf_export_render(export=export)
    return str(export.status)
