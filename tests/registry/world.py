"""Registry objects for the shared test world: import jobs and issues, duplicate candidates, a merge journal."""

from __future__ import annotations

from dataclasses import dataclass

from lindung.registry.models import DuplicateCandidate, ImportIssue, ImportJob, MergeJournal
from tests.factories import World, make_worker


@dataclass
class RegistryExtras:
    employer_job: ImportJob
    agency_job: ImportJob
    foreign_job: ImportJob
    candidate: DuplicateCandidate
    foreign_candidate: DuplicateCandidate
    journal: MergeJournal
    foreign_journal: MergeJournal


def _job(world: World, **fields: object) -> ImportJob:
    defaults: dict[str, object] = {
        "kind": "employer_workers",
        "region": world.medan,
        "file_name": "daftar.xlsx",
        "file_sha256": "0" * 64,
        "file_format": "xlsx",
        "status": "validated",
    }
    job = ImportJob.objects.create(**{**defaults, **fields})
    ImportIssue.objects.create(job=job, row=2, column="NIK", value="1271****", severity="error", code="nik_length")
    return job


def registry_extras(world: World) -> RegistryExtras:
    """Create (once per world) one object of each registry model inside and outside each scope."""
    cached = getattr(world, "_registry_extras", None)
    if cached is not None:
        return cached
    twin = make_worker(world.other, "1275010101900005", "Andi Binjai Dua")
    pair = sorted([world.worker.pk, world.other_worker.pk])
    foreign_pair = sorted([world.foreign_worker.pk, twin.pk])
    extras = RegistryExtras(
        employer_job=_job(world, employer=world.employer),
        agency_job=_job(world, kind="agency_proposals", agency=world.agency),
        foreign_job=_job(world, region=world.other),
        candidate=DuplicateCandidate.objects.create(worker_a_id=pair[0], worker_b_id=pair[1], reasons=["same_phone"]),
        foreign_candidate=DuplicateCandidate.objects.create(
            worker_a_id=foreign_pair[0], worker_b_id=foreign_pair[1], reasons=["same_phone"]
        ),
        journal=MergeJournal.objects.create(survivor=world.worker, merged=world.other_worker, reason="uji jurnal"),
        foreign_journal=MergeJournal.objects.create(survivor=world.foreign_worker, merged=twin, reason="uji jurnal"),
    )
    world._registry_extras = extras  # type: ignore[attr-defined]
    return extras
