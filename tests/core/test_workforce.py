"""Workforce upload by the admin: validated, and the table is replaced whole or not at all."""

from __future__ import annotations

import io

import pytest
import xlsxwriter
from django.test import Client
from django.urls import reverse

from lindung.core.models import District, WorkforceFigure
from lindung.core.services import workforce_replace
from tests.factories import World

pytestmark = pytest.mark.django_db


def _xlsx(rows: list[list[object]], header: list[str] | None = None) -> io.BytesIO:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    for r, row in enumerate([header or ["kecamatan_code", "sex", "sector", "count"], *rows]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    buffer.seek(0)
    buffer.name = "angkatan.xlsx"
    return buffer


def _admin(world: World) -> Client:
    client = Client()
    client.force_login(world.users["admin"], backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def estimates(world: World) -> None:
    rows = [{"kecamatan_code": "12.71.01", "sex": s, "sector": "trade", "count": 100} for s in "MF"]
    workforce_replace(region=world.medan, rows=rows, is_estimate=True, source="estimasi")


def test_a_valid_upload_replaces_the_estimates(world: World, estimates: None) -> None:
    file = _xlsx([["12.71.01", "L", "trade", 1200], ["12.71.01", "P", "trade", "1.300"]])
    response = _admin(world).post(reverse("workforce_upload"), {"file": file, "source": "BPS uji"}, follow=True)
    assert "diganti" in response.content.decode()
    figures = WorkforceFigure.objects.filter(district__region=world.medan)
    assert sorted(figures.values_list("sex", "count")) == [("F", 1300), ("M", 1200)]
    assert not figures.filter(is_estimate=True).exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["12.71.01", "L", "trade", -5]], "negatif"),
        ([["12.71.99", "L", "trade", 5]], "tidak dikenal"),
        ([["12.71.01", "X", "trade", 5]], "jenis kelamin"),
        ([["12.71.01", "L", "trade", "banyak"]], "bilangan bulat"),
        ([["12.71.01", "L", "trade", 5], ["12.71.01", "L", "trade", 6]], "ganda"),
    ],
)
def test_bad_rows_replace_nothing(world: World, estimates: None, rows: list[list[object]], message: str) -> None:
    response = _admin(world).post(reverse("workforce_upload"), {"file": _xlsx(rows), "source": "BPS"})
    assert message in response.content.decode()
    assert WorkforceFigure.objects.filter(district__region=world.medan, is_estimate=True).count() == 2


def test_a_missing_kecamatan_or_header_is_refused(world: World, estimates: None) -> None:
    District.objects.create(region=world.medan, code="12.71.02", name="Kedua")
    body = (
        _admin(world)
        .post(reverse("workforce_upload"), {"file": _xlsx([["12.71.01", "L", "trade", 1]]), "source": "BPS"})
        .content.decode()
    )
    assert "12.71.02" in body and "harus ada" in body
    renamed = _xlsx([["12.71.01", "L", "trade", 1]], header=["kode", "sex", "sector", "jumlah"])
    body = _admin(world).post(reverse("workforce_upload"), {"file": renamed, "source": "BPS"}).content.decode()
    assert "Kolom wajib tidak ada" in body


def test_a_corrupt_file_gets_a_clear_message(world: World) -> None:
    junk = io.BytesIO(b"PK\x03\x04 not really a workbook")
    junk.name = "rusak.xlsx"
    body = _admin(world).post(reverse("workforce_upload"), {"file": junk, "source": "BPS"}).content.decode()
    assert "bukan XLSX yang dapat dibaca" in body


def test_only_the_admin_may_upload(world: World) -> None:
    client = Client()
    client.force_login(world.users["coordinator"], backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("workforce_upload")).status_code == 404
