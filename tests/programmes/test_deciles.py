"""Poverty deciles: uploaded as NIK + desil, matched by the NIK's blind index, weighed in the ranking."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from lindung.core.models import AuditEntry
from lindung.programmes.models import Criterion, PovertyDecile, decile_points
from lindung.programmes.selectors.eligibility import assess_ids, waiting_list
from lindung.programmes.services.deciles import poverty_deciles_upload
from tests.factories import World, make_worker
from tests.programmes.builders import TODAY, make_programme

AS_OF = dt.date(2025, 8, 1)


def _csv(rows: list[tuple[str, str]]) -> bytes:
    return ("NIK,Desil\n" + "".join(f"{nik},{decile}\n" for nik, decile in rows)).encode()


def _upload(world: World, data: bytes, name: str = "desil.csv", user: str = "coordinator") -> object:
    return poverty_deciles_upload(region=world.medan, data=data, file_name=name, source="dtks", as_of=AS_OF,
                                  user=world.users[user], today=TODAY)  # fmt: skip


def _workers(world: World, n: int) -> list[tuple[str, int]]:
    made = []
    for i in range(n):
        nik = f"1271015505{i:06d}"
        worker = make_worker(world.medan, nik, f"Desil {i}", world.agency)
        worker.vulnerability_category = "ojek_driver"
        worker.save()
        made.append((nik, worker.pk))
    return made


def test_an_upload_records_each_decile_with_its_source_and_date(world: World) -> None:
    (nik_a, a), (nik_b, b) = _workers(world, 2)
    saved = _upload(world, _csv([(nik_a, "1"), (nik_b, "7")]))
    assert (saved.written, saved.replaced) == (2, 0)  # type: ignore[attr-defined]
    assert dict(PovertyDecile.objects.values_list("worker_id", "decile")) == {a: 1, b: 7}
    assert set(PovertyDecile.objects.values_list("source", "as_of")) == {("dtks", AS_OF)}
    entry = AuditEntry.objects.filter(action="poverty_deciles_upload").get()
    assert nik_a not in str(entry.after)  # no NIK in the audit log
    again = _upload(world, _csv([(nik_a, "2")]))
    assert (again.written, again.replaced) == (1, 1)  # type: ignore[attr-defined]
    assert PovertyDecile.objects.get(worker_id=a).decile == 2


def test_an_xlsx_upload_reads_the_same_columns(world: World) -> None:
    ((nik, worker),) = _workers(world, 1)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["NIK", "Desil"])
    sheet.append([nik, 3])
    buffer = io.BytesIO()
    book.save(buffer)
    _upload(world, buffer.getvalue(), "desil.xlsx")
    assert PovertyDecile.objects.get(worker_id=worker).decile == 3


def test_bad_rows_are_each_named_and_nothing_is_written(world: World) -> None:
    (nik_a, _a), (nik_b, _b) = _workers(world, 2)
    rows = [(nik_a, "1"), ("12345", "2"), (nik_b, "11"), (nik_a, "3"), ("1271011708999999", "4")]
    with pytest.raises(ValidationError) as caught:
        _upload(world, _csv(rows))
    text = " ".join(caught.value.messages)
    assert "Baris 3: NIK harus 16 digit" in text
    assert "Baris 4: desil harus bilangan bulat 1 sampai 10" in text
    assert "Baris 5: NIK sama dengan baris 2" in text
    assert "Baris 6: NIK tidak terdaftar" in text
    assert "Tidak ada data yang disimpan" in text
    assert nik_a not in text  # rows are named, NIKs are not echoed
    assert not PovertyDecile.objects.exists()


def test_a_file_without_the_columns_a_future_date_or_an_agency_officer_is_refused(world: World) -> None:
    _workers(world, 1)
    with pytest.raises(ValidationError, match="kolom NIK dan desil"):
        _upload(world, b"nomor,nilai\n1,2\n")
    with pytest.raises(ValidationError):
        poverty_deciles_upload(
            region=world.medan, data=_csv([]), file_name="d.csv", source="dtks",
            as_of=TODAY + dt.timedelta(days=1), user=world.users["coordinator"], today=TODAY,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        _upload(world, _csv([]), user="agency_officer")


def test_the_decile_weighs_in_the_ranking_graded_and_readable(world: World) -> None:
    programme = make_programme(world)
    (nik_1, first), (nik_4, fourth), (nik_9, ninth), (_nik, unknown) = _workers(world, 4)
    _upload(world, _csv([(nik_1, "1"), (nik_4, "4"), (nik_9, "9")]))
    found = assess_ids(programme=programme, worker_ids=[first, fourth, ninth, unknown], as_of=TODAY)
    weight = programme.weight(Criterion.POVERTY)
    base = found[unknown].score
    assert found[first].score - base == weight
    assert found[fourth].score - base == weight // 4
    assert found[ninth].score == base
    assert Criterion.POVERTY in found[first].criteria and Criterion.POVERTY not in found[ninth].criteria
    assert (found[first].decile, found[first].decile_source, found[first].decile_as_of) == (1, "dtks", AS_OF)
    ranked = waiting_list(programme=programme, user=world.users["coordinator"], as_of=TODAY).worker_ids()
    assert ranked.index(first) < ranked.index(fourth) < ranked.index(unknown)


@given(st.integers(min_value=0, max_value=200), st.one_of(st.none(), st.integers(min_value=-3, max_value=14)))
def test_decile_points_never_exceed_the_weight_and_fall_with_the_decile(weight: int, decile: int | None) -> None:
    points = decile_points(weight, decile)
    assert 0 <= points <= weight
    if decile is not None and 1 <= decile < 4:
        assert points >= decile_points(weight, decile + 1)
    if decile is None or not 1 <= decile <= 4:
        assert points == 0


def test_the_upload_page_saves_a_good_file_and_shows_every_bad_row(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    programme = make_programme(world)
    ((nik, worker),) = _workers(world, 1)
    url = reverse("programmes:decile_upload", args=[programme.pk])
    officer = Client()
    officer.force_login(world.users["agency_officer"])
    assert officer.get(url).status_code == 403
    client = Client()
    client.force_login(world.users["coordinator"])
    assert client.get(url).status_code == 200
    form = {"source": "p3ke", "as_of": "2025-08-01"}
    bad = client.post(url, {**form, "file": SimpleUploadedFile("d.csv", _csv([(nik, "0")]))})
    assert bad.status_code == 200 and "Baris 2: desil harus bilangan bulat" in bad.content.decode()
    good = client.post(url, {**form, "file": SimpleUploadedFile("d.csv", _csv([(nik, "2")]))}, follow=True)
    assert "1 desil disimpan" in good.content.decode()
    assert PovertyDecile.objects.get(worker_id=worker).source == "p3ke"
    page = client.get(reverse("programmes:waiting_list", args=[programme.pk])).content.decode()
    assert "18–65" in page and "Unggah desil" in page
