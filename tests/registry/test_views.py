"""Registry pages: search first, NIK masked, 404 outside the scope, role permissions, the import pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lindung.core.models import AuditEntry
from lindung.registry.models import DuplicateCandidate, Employer, ImportJob, Membership, MergeJournal, Worker
from lindung.registry.services import membership_register, worker_register
from tests.factories import World
from tests.registry import files
from tests.registry.files import GOOD_ROWS, row


def _client(world: World, role: str, language: str = "id") -> Client:
    client = Client()
    client.force_login(world.users[role])
    if language != "id":  # Indonesian by default; English through the language switch
        client.post(reverse("set_language"), {"language": language, "next": "/"})
    return client


def test_worker_search_shows_nothing_until_a_query(world: World, django_assert_max_num_queries: Any) -> None:
    client = _client(world, "coordinator")
    page = client.get(reverse("registry:worker_search"))
    assert 'data-testid="search-first"' in page.text and "Budi Uji" not in page.text
    with django_assert_max_num_queries(8):
        page = client.get(reverse("registry:worker_search"), {"q": "1271 0117 0890 0001"})
    assert "Budi Uji" in page.text and "1271********0001" in page.text and "1271011708900001" not in page.text
    assert "Andi Binjai" not in client.get(reverse("registry:worker_search"), {"q": "Andi"}).text


@pytest.mark.parametrize(
    ("role", "status"), [("coordinator", 404), ("agency_officer", 404), ("employer", 404), ("admin", 200)]
)
def test_a_worker_outside_the_scope_answers_404(world: World, role: str, status: int) -> None:
    url = reverse("registry:worker_detail", args=[world.foreign_worker.pk])
    assert _client(world, role).get(url).status_code == status


def test_nik_reveal_needs_a_reason_is_audited_and_not_cached(world: World) -> None:
    client = _client(world, "coordinator")
    url = reverse("registry:worker_reveal", args=[world.worker.pk])
    refused = client.post(url, {"reason": "cek"})
    assert "1271011708900001" not in refused.text and not AuditEntry.objects.filter(action="nik_reveal").exists()
    shown = client.post(url, {"reason": "Verifikasi data klaim JKK"})
    assert 'data-testid="nik-revealed">1271011708900001' in shown.text
    assert shown["Cache-Control"] == "no-store"
    assert AuditEntry.objects.get(action="nik_reveal").reason == "Verifikasi data klaim JKK"
    assert _client(world, "auditor").post(url, {"reason": "Audit rutin tahunan"}).status_code == 403


def test_worker_registration_page_refuses_a_bad_nik_with_its_message(world: World) -> None:
    client = _client(world, "coordinator")
    data = {"nik": "1271011708900", "name": "Baru", "birth_date": "1990-08-17", "sex": "M"}
    page = client.post(reverse("registry:worker_create"), data)
    assert page.status_code == 200 and "16 digit" in page.text
    data["nik"] = "1271011708900061"
    assert client.post(reverse("registry:worker_create"), data).status_code == 302


def test_membership_change_pages(registry_world: World) -> None:
    client = _client(registry_world, "employer")
    membership = Membership.objects.get(worker=registry_world.worker)
    url = reverse("registry:membership_change", args=[membership.pk, "wage"])
    response = client.post(url, {"wage": "5000000", "valid_from": "2025-06-01"})
    assert response.status_code == 302
    assert Membership.objects.filter(worker=registry_world.worker, valid_to__isnull=True).get().wage == 5_000_000
    assert _client(registry_world, "auditor").get(url).status_code == 403


def test_employer_created_by_an_agency_officer_is_its_own(world: World) -> None:
    client = _client(world, "agency_officer")
    data = {"name": "CV Ojek Maju", "kind": "private", "subkind": "company", "size": "micro", "kbli": "47111"}
    response = client.post(reverse("registry:employer_create"), data)
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "CV Ojek Maju" in detail.text and "PP 44/2015 Lampiran I, Kelompok I angka 8" in detail.text


def _upload(client: Client, data: bytes, name: str = "daftar.csv") -> Any:
    upload = SimpleUploadedFile(name, data)
    return client.post(reverse("registry:import_upload"), {"kind": "employer_workers", "file": upload})


def test_upload_preview_confirm_and_error_workbook(registry_world: World) -> None:
    client = _client(registry_world, "employer")
    response = _upload(client, files.csv_bytes([*GOOD_ROWS, row("1271015505920099", "Salah", "15/05/92", sex="P")]))
    preview = client.get(response["Location"])
    assert 'data-testid="count-errors">1<' in preview.text and "##/##/##" in preview.text
    job = ImportJob.objects.get()
    assert job.employer_id == registry_world.employer.pk
    workbook = client.get(reverse("registry:import_issues", args=[job.pk]))
    assert workbook["Content-Disposition"].startswith("attachment")
    refused = client.post(reverse("registry:import_confirm", args=[job.pk]), {"mode": "all_or_nothing"}, follow=True)
    assert "baris bermasalah" in refused.text
    done = client.post(reverse("registry:import_confirm", args=[job.pk]), {"mode": "valid_rows"}, follow=True)
    assert 'data-testid="import-result"' in done.text
    again = _upload(client, files.csv_bytes([*GOOD_ROWS, row("1271015505920099", "Salah", "15/05/92", sex="P")]))
    assert again["Location"] == reverse("registry:import_detail", args=[job.pk])
    assert ImportJob.objects.count() == 1


def test_import_jobs_of_others_answer_404_and_kinds_follow_the_role(registry_world: World) -> None:
    job = ImportJob.objects.create(
        kind="employer_workers",
        region=registry_world.medan,
        file_name="x.csv",
        file_sha256="1" * 64,
        file_format="csv",
        employer=registry_world.other_employer,
    )
    assert _client(registry_world, "employer").get(reverse("registry:import_detail", args=[job.pk])).status_code == 404
    form = _client(registry_world, "employer").get(reverse("registry:import_upload")).text
    assert "employer_workers" in form and "agency_proposals" not in form
    assert _client(registry_world, "worker").get(reverse("registry:import_upload")).status_code == 403


def test_template_download(world: World) -> None:
    response = _client(world, "coordinator").get(reverse("registry:import_template", args=["agency_proposals", "csv"]))
    assert response.content.decode("utf-8-sig").startswith("NIK,Nama lengkap")


def test_duplicate_review_merge_and_undo_pages(world: World) -> None:
    birth = dt.date(1990, 8, 17)
    a = worker_register(
        region=world.medan,
        nik="1271011708900071",
        name="Ahmad Yani",
        birth_date=birth,
        sex="M",
        today=dt.date(2025, 11, 1),
    )
    b = worker_register(
        region=world.medan,
        nik="1271021708900072",
        name="Ahmad Yani",
        birth_date=birth,
        sex="M",
        today=dt.date(2025, 11, 1),
    )
    membership_register(worker=b, payer_kind="self", segment="BPU", wage=1_000_000, valid_from=dt.date(2026, 1, 1))
    candidate = DuplicateCandidate.objects.get(worker_a=a, worker_b=b)  # listed by the registration itself
    assert candidate.reasons == ["same_name_birth"]
    assert _client(world, "employer").get(reverse("registry:duplicate_detail", args=[candidate.pk])).status_code == 404
    client = _client(world, "coordinator")
    page = client.get(reverse("registry:duplicate_detail", args=[candidate.pk]))
    assert "1271********0071" in page.text and "1271********0072" in page.text
    client.post(
        reverse("registry:duplicate_detail", args=[candidate.pk]),
        {"decision": "merge", "survivor": "a", "reason": "Satu orang, dua NIK"},
    )
    journal = MergeJournal.objects.get()
    assert Membership.objects.get(worker=a).wage == 1_000_000
    client.post(reverse("registry:merge_undo", args=[journal.pk]), {"reason": "Salah gabung, dua orang"})
    assert Membership.objects.get(worker=b).wage == 1_000_000


def test_pages_in_english(world: World) -> None:
    page = _client(world, "coordinator", "en").get(reverse("registry:worker_search"))
    assert "Search first" in page.text


def test_a_running_import_shows_its_progress_and_reloads_when_done(registry_world: World) -> None:
    from lindung.registry.imports import storage

    job = ImportJob.objects.create(
        kind="employer_workers",
        region=registry_world.medan,
        file_name="besar.csv",
        file_sha256="2" * 64,
        file_format="csv",
        status="importing",
    )
    storage.progress_report(job.pk, phase="importing", done=250, total=1000)
    client = _client(registry_world, "coordinator")
    page = client.get(reverse("registry:import_detail", args=[job.pk]))
    assert 'aria-valuenow="25"' in page.text and "250 / 1.000" in page.text and "hx-get" in page.text
    assert "HX-Refresh" not in client.get(reverse("registry:import_status", args=[job.pk]))
    ImportJob.objects.filter(pk=job.pk).update(status="done")
    storage.progress_clear(job.pk)  # as the task does when it ends
    done = client.get(reverse("registry:import_status", args=[job.pk]))
    assert done["HX-Refresh"] == "true"
    assert "progressbar" not in done.text  # no "0 %" bar for a finished import while the page reloads


def test_an_employer_registers_a_worker_then_enrols_it_as_its_own_wage_earner(world: World) -> None:
    client = _client(world, "employer")
    data = {"nik": "1271014507950071", "name": "Rina Baru", "birth_date": "1995-07-05", "sex": "F"}
    created = client.post(reverse("registry:worker_create"), data)
    assert created.status_code == 302
    worker = Worker.objects.get(name="Rina Baru")
    assert worker.registered_by_employer_id == world.employer.pk
    assert client.get(created["Location"]).status_code == 200, "the employer sees the worker it registered"
    assert _client(world, "agency_officer").get(created["Location"]).status_code == 404, "and nobody else gains a view"
    url = reverse("registry:membership_create", args=[worker.pk])
    form = client.get(url).text
    assert 'value="self"' not in form and 'value="city_programme"' not in form, "only its own payroll"
    enrol = {"segment": "PU", "payer_kind": "employer", "employer": world.employer.pk, "wage": "4000000",
             "valid_from": "2026-01-01"}  # fmt: skip
    assert client.post(url, enrol).status_code == 302
    assert Membership.objects.get(worker=worker).employer_id == world.employer.pk
    refused = client.post(url, {**enrol, "payer_kind": "self", "segment": "BPU"})
    assert refused.status_code == 200 and Membership.objects.filter(worker=worker).count() == 1


def test_employer_and_membership_pages_edit_the_discount_inputs(world: World) -> None:
    client = _client(world, "agency_officer")
    data = {"name": "CV Mebel Deli", "kind": "private", "subkind": "company", "size": "large", "kbli": "47111"}
    response = client.post(reverse("registry:employer_create"), data | {"sector": "furniture", "jp_deferral": "on"})
    assert response.status_code == 302
    detail = client.get(response["Location"]).text
    assert "Furnitur" in detail and "PP 49/2020" in detail
    employer = Employer.objects.get(name="CV Mebel Deli")
    assert (employer.sector, employer.jp_deferral) == ("furniture", True)
    edit = client.post(reverse("registry:employer_edit", args=[employer.pk]), data | {"sector": "bengkel"})
    assert edit.status_code == 200 and "bengkel" in edit.text  # not a choice: the form says so, nothing saved
    assert Employer.objects.get(pk=employer.pk).sector == "furniture"
    admin = _client(world, "admin")
    bpu = {"segment": "BPU", "payer_kind": "self", "wage": 1_000_000, "valid_from": "2026-01-01"}
    url = reverse("registry:membership_create", args=[world.other_worker.pk])
    refused = admin.post(url, bpu | {"segment": "PU", "payer_kind": "employer", "employer": world.employer.pk,
                                     "sector": "ojek_online"})  # fmt: skip
    assert refused.status_code == 200 and "hanya untuk peserta bukan penerima upah" in refused.text
    assert admin.post(url, bpu | {"sector": "ojek_online"}).status_code == 302
    assert Membership.objects.get(worker=world.other_worker, segment="BPU").sector == "ojek_online"
