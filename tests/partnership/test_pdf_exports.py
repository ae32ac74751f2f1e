"""PDFs are rendered by the task worker, not in the request: asking queues the work and answers at once with a
status page; once the task has run, the page offers the file, to its requester only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lindung.partnership.models import PdfExport, PdfKind, PdfStatus
from lindung.partnership.services import pdf_export_render, pdf_export_request
from lindung.partnership.tasks import pdf_export_task
from tests.factories import World
from tests.partnership.factories import PartnershipWorld

pytestmark = pytest.mark.django_db
Clients = Callable[[str], Client]


def _urls(pw: PartnershipWorld) -> dict[str, str]:
    return {
        PdfKind.SCORECARD: reverse("partnership_scorecard_pdf") + "?tahun=2026&urut=-enrolled",
        PdfKind.PKS_DRAFT: reverse("partnership_pks_draft", args=[pw.pks.pk]),
        PdfKind.EVIDENCE_PACK: reverse("partnership_evidence_download") + "?tahun=2026",
    }


@pytest.mark.parametrize("kind", [PdfKind.SCORECARD, PdfKind.PKS_DRAFT, PdfKind.EVIDENCE_PACK])
def test_asking_queues_the_pdf_and_the_file_downloads_once_the_task_ran(
    pw: PartnershipWorld, client_for: Clients, kind: str
) -> None:
    client = client_for("coordinator")
    asked = client.post(_urls(pw)[kind])
    export = PdfExport.objects.get()
    assert asked.status_code == 302 and asked["Location"] == reverse("partnership_pdf", args=[export.pk])
    assert (export.kind, export.status, bool(export.file)) == (kind, PdfStatus.QUEUED, False), "nothing rendered yet"
    assert DBTaskResult.objects.filter(task_path__endswith="pdf_export_task").count() == 1

    page = client.get(asked["Location"]).content.decode()
    assert "Menunggu antrean" in page and "sedang dibuat" in page
    assert reverse("partnership_pdf_status", args=[export.pk]) in page, "the page polls its status"
    assert client.get(reverse("partnership_pdf_file", args=[export.pk])).status_code == 404

    assert pdf_export_task.call(export.pk) == PdfStatus.DONE
    fragment = client.get(reverse("partnership_pdf_status", args=[export.pk])).content.decode()
    assert "Siap diunduh" in fragment and "hx-get" not in fragment, "polling stops when the file is ready"
    download = client.get(reverse("partnership_pdf_file", args=[export.pk]))
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF-") and len(content) == PdfExport.objects.get().size
    assert export.filename in download["Content-Disposition"]


def test_the_same_request_while_waiting_reuses_the_queued_pdf(pw: PartnershipWorld, client_for: Clients) -> None:
    client = client_for("coordinator")
    first, again = client.post(_urls(pw)[PdfKind.SCORECARD]), client.post(_urls(pw)[PdfKind.SCORECARD])
    assert first["Location"] == again["Location"] and PdfExport.objects.count() == 1
    other_year = client.post(reverse("partnership_scorecard_pdf") + "?tahun=2025")
    assert other_year["Location"] != first["Location"]
    assert DBTaskResult.objects.count() == 2


def test_only_the_requester_sees_the_pdf(pw: PartnershipWorld, world: World, client_for: Clients) -> None:
    export = pdf_export_request(user=world.users["coordinator"], kind=PdfKind.SCORECARD,
                                params={"year": 2026, "sort": "name"}, filename="kartu-skor-2026.pdf")  # fmt: skip
    pdf_export_render(export=export)
    for name in ("partnership_pdf", "partnership_pdf_status", "partnership_pdf_file"):
        assert client_for("auditor").get(reverse(name, args=[export.pk])).status_code == 404, name
    assert client_for("admin").get(reverse("partnership_pdf", args=[export.pk])).status_code == 200


def test_asking_is_a_post_within_scope(pw: PartnershipWorld, client_for: Clients) -> None:
    officer = client_for("agency_officer")
    assert officer.post(_urls(pw)[PdfKind.EVIDENCE_PACK]).status_code == 404, "not the officer's document"
    assert officer.post(reverse("partnership_pks_draft", args=[pw.other_pks.pk])).status_code == 404
    assert officer.post(_urls(pw)[PdfKind.PKS_DRAFT]).status_code == 302, "its own agency's PKS"
    assert client_for("coordinator").get(_urls(pw)[PdfKind.SCORECARD]).status_code == 405
    assert PdfExport.objects.count() == 1


def test_a_pdf_that_cannot_be_made_fails_with_a_message(pw: PartnershipWorld, world: World) -> None:
    """The PKS left the requester's scope (or was removed) between asking and rendering."""
    export = pdf_export_request(user=world.users["agency_officer"], kind=PdfKind.PKS_DRAFT,
                                params={"pks": pw.other_pks.pk}, filename="draf.pdf")  # fmt: skip
    export = pdf_export_render(export=export)
    assert export.status == PdfStatus.FAILED and "di luar wewenang" in export.error and not export.file
    with pytest.raises(Exception, match="Jenis PDF tidak dikenal"):
        pdf_export_request(user=world.users["coordinator"], kind="xlsx", params={}, filename="x")
