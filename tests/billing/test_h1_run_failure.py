"""A failed billing run as the branch officer reads it (session 13): the explanation and the button to resume are
the message; the technical text is behind a closed "Rincian teknis" and names only the kind of error, because the
run stores the exception's whole message (``Type: message``), which can quote a row's values.

Before: the stored text stood in a <code> right under the explanation, NIK and name included when the database
quoted them.
"""

from __future__ import annotations

import re

import pytest

from lindung.billing.models import BillingRun
from tests.billing.conftest import JAN, Billing, bill, client_for

pytestmark = pytest.mark.django_db

NIK, NAME = "1271010101850005", "Pegawai Dinas"
QUOTING = f"IntegrityError: duplicate key value violates unique constraint; DETAIL: Key (nik, name)=({NIK}, {NAME})"


def _failed(billing: Billing, error: str) -> BillingRun:
    run = bill(billing.world.medan, JAN)
    BillingRun.objects.filter(pk=run.pk).update(status="failed", phase="finalize", error=error)
    return run


@pytest.mark.parametrize("path", ["/tagihan/proses/{pk}/", "/tagihan/proses/{pk}/progres/"])
def test_the_technical_text_is_closed_and_names_only_the_kind_of_error(billing: Billing, path: str) -> None:
    run = _failed(billing, QUOTING)
    html = client_for(billing.world, "branch_officer").get(path.format(pk=run.pk)).content.decode()
    alert = html[html.index('data-testid="run-failed"') :]
    assert alert.index("Proses berhenti. Jalankan lagi") < alert.index("<details")
    details = re.search(r"<details([^>]*)>(.*?)</details>", alert, re.S)
    assert details is not None and "open" not in details.group(1)
    assert "<summary>Rincian teknis</summary>" in details.group(2)
    assert "<code>IntegrityError</code>" in details.group(2) and f"#{run.pk}" in details.group(2)
    assert NIK not in html and NAME not in html and "duplicate key" not in html
    assert "{#" not in html  # a template comment over two lines is printed on the page
    assert "<code>" not in alert[: alert.index("<details")]  # nothing technical in the message itself


@pytest.mark.parametrize(
    "error",
    [f"{NIK} {NAME}", "", "Pegawai Dinas: disk full", "ValueError", "x" * 600],
)
def test_a_stored_text_that_is_not_a_type_name_shows_nothing_of_it(billing: Billing, error: str) -> None:
    run = _failed(billing, error)
    html = client_for(billing.world, "branch_officer").get(f"/tagihan/proses/{run.pk}/").content.decode()
    details = re.search(r"<details[^>]*>(.*?)</details>", html, re.S)
    assert details is not None and f"#{run.pk}" in details.group(1)
    assert NIK not in html and NAME not in html and "x" * 100 not in html
    assert ("<code>ValueError</code>" in details.group(1)) == (error == "ValueError")


def test_the_technical_details_read_in_english(billing: Billing) -> None:
    run = _failed(billing, "OperationalError: disk I/O error")
    officer = client_for(billing.world, "branch_officer")
    officer.cookies["django_language"] = "en"
    html = officer.get(f"/tagihan/proses/{run.pk}/").content.decode()
    assert "<summary>Technical details</summary>" in html and "<code>OperationalError</code>" in html
    assert "disk I/O error" not in html
