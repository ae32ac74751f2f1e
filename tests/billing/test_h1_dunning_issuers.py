"""Who may issue a dunning letter (session 14, h1): the letter is signed "Petugas BPJS Ketenagakerjaan", so only
a branch officer and the administrator produce it; the city coordinator and the auditor still read the arrears
list, but get a 403 with the reason (Bahasa Indonesia first) and no link to the letter.

Before: the letter's view allowed the arrears page's roles (``OVERSIGHT``), so a coordinator downloaded a letter
signed in BPJS's name; the arrears page showed every such reader the button.
"""

from __future__ import annotations

import html

import pytest
from django.conf import settings

from tests.billing.conftest import JAN, Billing, bill, client_for, invoice_of

pytestmark = pytest.mark.django_db


def _letter_url(billing: Billing) -> str:
    bill(billing.world.medan, JAN)
    return f"/tagihan/tunggakan/{invoice_of(billing.pu, JAN).account_id}/surat-teguran.pdf"


@pytest.mark.parametrize("role", ["branch_officer", "admin"])
def test_bpjs_staff_get_the_letter(billing: Billing, role: str) -> None:
    response = client_for(billing.world, role).get(_letter_url(billing))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith('attachment; filename="teguran-')


def test_a_coordinator_is_refused_the_letter_with_the_reason(billing: Billing) -> None:
    url = _letter_url(billing)
    client = client_for(billing.world, "coordinator")
    refused = client.get(url)
    page = html.unescape(refused.content.decode())
    assert refused.status_code == 403 and refused["Content-Type"].startswith("text/html")
    assert "Tidak diizinkan" in page and "hanya petugas cabang BPJS atau administrator" in page
    assert not refused.content.startswith(b"%PDF")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = html.unescape(client.get(url).content.decode())
    assert "only a BPJS branch officer or an administrator" in english and "hanya petugas" not in english


def test_an_auditor_is_refused_the_letter_because_auditors_only_read(billing: Billing) -> None:
    refused = client_for(billing.world, "auditor").get(_letter_url(billing))
    assert refused.status_code == 403 and "Auditor hanya membaca" in html.unescape(refused.content.decode())


def test_roles_outside_billing_still_get_a_404(billing: Billing) -> None:
    url = _letter_url(billing)
    assert client_for(billing.world, "employer").get(url).status_code == 404
    assert client_for(billing.world, "agency_officer").get(url).status_code == 404


@pytest.mark.parametrize(("role", "link"), [("branch_officer", True), ("coordinator", False), ("auditor", False)])
def test_the_arrears_list_stays_and_the_letter_link_only_for_issuers(billing: Billing, role: str, link: bool) -> None:
    url = _letter_url(billing)
    page = client_for(billing.world, role).get("/tagihan/tunggakan/")
    text = page.content.decode()
    assert page.status_code == 200 and "PT Angkutan Deli" in text and 'data-testid="arrears-table"' in text
    assert (url in text) is link and ('data-testid="dunning-link"' in text) is link
