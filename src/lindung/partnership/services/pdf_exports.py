"""PDFs rendered in the task queue, not in the request: the page asks, the worker renders, the user downloads.

WeasyPrint takes seconds on a cold start and longer on a busy machine; a request thread must not wait for it.
``pdf_export_request`` records what to render and queues it (the same request while one is waiting reuses
it); ``pdf_export_render`` (run by the worker) renders as the requester, in their scope and language.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lindung.core.scoping import scoped
from lindung.partnership import exports
from lindung.partnership.attribution import payment_evidence
from lindung.partnership.models import EvidencePack, PdfExport, PdfKind, PdfStatus, Pks
from lindung.partnership.selectors.evidence import evidence_pack_data
from lindung.partnership.selectors.periods import as_of_for, home_region
from lindung.partnership.selectors.scorecard import agency_scorecard

logger = logging.getLogger(__name__)
STALE_AFTER = dt.timedelta(minutes=15)


@transaction.atomic
def pdf_export_request(*, user: Any, kind: str, params: dict[str, Any], filename: str) -> PdfExport:
    """Queue one PDF for ``user``; an identical request still waiting or rendering is returned instead."""
    from lindung.partnership.tasks import pdf_export_task

    if kind not in PdfKind.values:
        raise ValidationError(_("Jenis PDF tidak dikenal."))
    recent = timezone.now() - STALE_AFTER  # an older one may have lost its worker: ask again
    pending = PdfExport.objects.filter(requested_by=user, kind=kind, params=params, created_at__gte=recent,
                                       status__in=[PdfStatus.QUEUED, PdfStatus.RUNNING]).first()  # fmt: skip
    if pending is not None:
        return pending
    export = PdfExport(requested_by=user, kind=kind, params=params, filename=filename,
                       language=translation.get_language() or "id")  # fmt: skip
    export.full_clean()
    export.save()
    pdf_export_task.enqueue(export.pk)  # the database backend writes the task in this same transaction
    return export


def _render(export: PdfExport) -> bytes:
    user, params = export.requested_by, export.params
    if export.kind == PdfKind.PKS_DRAFT:
        pks = scoped(Pks.objects.select_related("mou__region", "agency"), user).filter(pk=params.get("pks")).first()
        if pks is None:
            raise ValidationError(_("PKS tidak ditemukan atau di luar wewenang Anda."))
        return exports.pks_draft_pdf(pks)
    year = int(params.get("year", 0))
    if export.kind == PdfKind.SCORECARD:
        rows = agency_scorecard(user=user, year=year, as_of=as_of_for(year), sort=str(params.get("sort", "name")))
        return exports.scorecard_pdf(rows, year=year, as_of=as_of_for(year), region=home_region(user),
                                     evidence_label=str(payment_evidence().label))  # fmt: skip
    region = home_region(user)
    if region is None:
        raise ValidationError(_("Wilayah paket bukti di luar wewenang Anda."))
    pack = scoped(EvidencePack.objects.filter(region=region, year=year), user).first()
    pack = pack or EvidencePack(region=region, year=year)  # not written yet: the computed parts still print
    return exports.evidence_pack_pdf(evidence_pack_data(user=user, pack=pack, as_of=as_of_for(year)))


def pdf_export_render(*, export: PdfExport, now: dt.datetime | None = None) -> PdfExport:
    """Render a queued PDF and store it; a failure is recorded on the export with a message for the user."""
    if export.status == PdfStatus.DONE:
        return export
    export.status, export.started_at = PdfStatus.RUNNING, now or timezone.now()
    export.save(update_fields=["status", "started_at"])
    try:
        with translation.override(export.language):
            content = _render(export)
    except ValidationError as exc:
        export.status, export.error = PdfStatus.FAILED, " ".join(exc.messages)[:300]
    except Exception:
        logger.exception("PDF export %s (%s) failed", export.pk, export.kind)  # ids only: no personal data
        export.status, export.error = PdfStatus.FAILED, _("PDF gagal dibuat. Coba minta sekali lagi.")
    else:
        export.file.save(export.filename, ContentFile(content), save=False)
        export.status, export.size, export.error = PdfStatus.DONE, len(content), ""
    export.finished_at = timezone.now()
    export.save()
    return export
