"""An agency's list of proposed vulnerable workers: consent required, categories checked, proposer recorded."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from lindung.registry.imports import service
from lindung.registry.models import ImportKind, ImportStatus, Membership, Worker
from tests.factories import World
from tests.registry import files

HEADER = [
    "NIK",
    "Nama lengkap",
    "Tanggal lahir",
    "Jenis kelamin",
    "Nomor HP",
    "Kategori rentan",
    "Perempuan kepala keluarga",
    "Disabilitas",
    "Persetujuan",
]
ROWS = [
    ["1271011708900081", "Rahmat Ojek", "17/08/1990", "L", "0813 1111 2222", "ojek_driver", "T", "T", "Y"],
    ["1271015505920082", "Siti Pedagang", "15/05/1992", "P", "", "Pedagang kaki lima", "Y", "T", "Ya"],
    ["1271021212880083", "Tanpa Setuju", "12/12/1988", "L", "", "marbot", "T", "T", "T"],
    ["1271021312880084", "Kategori Aneh", "13/12/1988", "L", "", "astronot", "T", "T", "Y"],
    ["1271015505920002", "Sari Usulan", "15/05/1992", "P", "", "marbot", "T", "T", "Y"],  # already registered
]


def _proposals(world: World, user: str = "agency_officer") -> service.Upload:
    return service.import_job_create(
        user=world.users[user],
        kind=ImportKind.AGENCY_PROPOSALS,
        region=world.medan,
        file_name="usulan.csv",
        data=files.csv_bytes(ROWS, header=HEADER),
        agency=world.agency,
    )


def test_agency_list_records_consented_vulnerable_workers_only(world: World) -> None:
    job = service.import_job_validate(job=_proposals(world).job)
    codes = {(i.row, i.code) for i in job.issues.all()}
    assert {(4, "consent_missing"), (5, "category_unknown"), (6, "already_in_registry")} <= codes
    assert (job.valid_rows, job.error_rows, job.unchanged_rows) == (3, 2, 1)
    job = service.import_job_run(job=service.import_job_confirm(job=job, mode="valid_rows"))
    assert (job.status, job.created_workers, job.created_memberships) == (ImportStatus.DONE, 2, 0)
    siti = Worker.objects.get(nik_masked="1271********0082")
    assert (siti.vulnerability_category, siti.female_head_of_household, siti.proposed_by_agency_id) == (
        "street_vendor",
        True,
        world.agency.pk,
    )
    assert siti.vulnerability_consent_at is not None
    assert not Membership.objects.filter(worker=siti).exists()  # proposals are not memberships yet
    assert not Worker.objects.filter(name="Tanpa Setuju").exists()


def test_a_coordinator_must_name_the_proposing_agency(world: World) -> None:
    with pytest.raises(ValidationError, match="perangkat daerah"):
        service.import_job_create(
            user=world.users["coordinator"],
            kind=ImportKind.AGENCY_PROPOSALS,
            region=world.medan,
            file_name="u.csv",
            data=files.csv_bytes(ROWS, header=HEADER),
        )


@override_settings(LINDUNG_IMPORT_MAX_BYTES=100)
def test_a_file_over_the_size_limit_is_refused_before_it_is_stored(world: World) -> None:
    with pytest.raises(ValidationError, match="lebih besar dari 0 MB"):
        _proposals(world)
