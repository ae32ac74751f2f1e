"""Long names on the partnership pages are cut with an ellipsis, whole in a title: a PDF job's file name, a PKS
document's title of 200 emoji (it stretched the page sideways)."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from lindung.partnership.models import AgreementDocument, PdfExport
from tests.factories import World
from tests.partnership.factories import PartnershipWorld

Clients = Callable[[str], Client]
EMOJI = "\U0001f600" * 200


def _title_of(page: str, marker: str) -> tuple[str, str]:
    """The opening tag around ``marker`` and the title it carries."""
    [tag] = re.findall(rf"<(?:a|span) [^>]*{re.escape(marker)}[^>]*>", page)
    return tag, html.unescape(re.search(r'title="([^"]*)"', tag).group(1))  # type: ignore[union-attr]


def test_a_pdf_jobs_long_file_name_is_cut(pw: PartnershipWorld, world: World, client_for: Clients) -> None:
    export = PdfExport.objects.create(requested_by=world.users["coordinator"], kind="scorecard",
                                      params={"year": 2026}, filename=EMOJI[:120])  # fmt: skip
    page = client_for("coordinator").get(reverse("partnership_pdf", args=[export.pk])).content.decode()
    tag, title = _title_of(page, 'data-testid="pdf-filename"')
    assert "text-truncate" in tag and title == EMOJI[:120]


def test_a_documents_long_title_is_cut_on_the_pks_page(pw: PartnershipWorld, client_for: Clients) -> None:
    AgreementDocument.objects.filter(pk=pw.document.pk).update(title=EMOJI)
    page = client_for("coordinator").get(reverse("partnership_pks", args=[pw.pks.pk])).content.decode()
    tag, title = _title_of(page, f'href="{reverse("partnership_document", args=[pw.document.pk])}"')
    assert "text-truncate" in tag and title == EMOJI
