"""An agency proposes workers for a programme: chosen on a form, or every worker of one of its imports.

A proposal is all or nothing: one worker who does not qualify (outside the region, already covered, too old,
not in a vulnerable group, already proposed) refuses the whole list with each problem named, unless the caller
asks explicitly to leave such workers out (``skip_ineligible``), in which case they are listed back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lindung.core.audit import audit_record
from lindung.core.models import Agency
from lindung.programmes import permissions
from lindung.programmes.models import Programme, ProgrammeStatus, Proposal, ProposalRow, Step
from lindung.programmes.selectors.eligibility import Candidate, assess_ids
from lindung.registry.models import ImportJob, ImportKind, ImportStatus, Worker

MAX_ROWS = 5000
LISTED_PROBLEMS = 20


@dataclass
class ProposalOutcome:
    proposal: Proposal
    skipped: list[str] = field(default_factory=list)


def _describe(candidate: Candidate) -> str:
    return f"{candidate.name} ({candidate.nik_masked}): {'; '.join(candidate.problems)}"


def _check_programme(programme: Programme, agency: Agency, today: dt.date) -> None:
    if programme.status != ProgrammeStatus.ACTIVE:
        raise ValidationError(_("Program %(year)s belum berjalan: usulan baru diterima setelah program diaktifkan.")
                              % {"year": programme.year})  # fmt: skip
    if today > programme.end:
        raise ValidationError(_("Program %(year)s sudah berakhir: usulkan ke program tahun berikutnya.")
                              % {"year": programme.year})  # fmt: skip
    if agency.region_id != programme.region_id:
        raise ValidationError(_("Perangkat daerah ini bukan dari wilayah program."))


def _check_ids(ids: list[int]) -> None:
    if not ids:
        raise ValidationError({"workers": _("Pilih paling sedikit satu pekerja.")})
    if len(set(ids)) != len(ids):
        raise ValidationError({"workers": _("Ada pekerja yang tercantum lebih dari sekali dalam usulan.")})
    if len(ids) > MAX_ROWS:
        raise ValidationError(
            {"workers": _("Satu usulan paling banyak %(n)s pekerja: bagi daftarnya.") % {"n": MAX_ROWS}}
        )


def _refuse(bad: list[Candidate], missing: int) -> ValidationError:
    count = len(bad) + missing
    head = ngettext(
        "Usulan tidak disimpan: %(n)s pekerja tidak memenuhi syarat.",
        "Usulan tidak disimpan: %(n)s pekerja tidak memenuhi syarat.",
        count,
    ) % {"n": count}
    lines = [_describe(c) for c in bad[:LISTED_PROBLEMS]]
    if missing:
        lines.append(_("%(n)s pekerja tidak ditemukan di registrasi.") % {"n": missing})
    if len(bad) > LISTED_PROBLEMS:
        lines.append(_("… dan %(n)s lainnya.") % {"n": len(bad) - LISTED_PROBLEMS})
    return ValidationError([head, *lines])


def _save_rows(proposal: Proposal, good: list[Candidate]) -> list[ProposalRow]:
    rows = [ProposalRow(proposal=proposal, programme=proposal.programme, worker_id=c.worker_id,
                        priority_score=c.score, eligibility=c.as_json()) for c in good]  # fmt: skip
    try:
        with transaction.atomic():
            return ProposalRow.objects.bulk_create(rows)
    except IntegrityError as exc:  # another proposal took one of these workers a moment ago
        raise ValidationError(
            _("Sebagian pekerja baru saja diusulkan dalam usulan lain. Muat ulang dan coba lagi.")
        ) from exc


@transaction.atomic
def proposal_create(
    *,
    programme: Programme,
    agency: Agency,
    worker_ids: Sequence[int],
    created_by: Any,
    today: dt.date,
    note: str = "",
    import_job: ImportJob | None = None,
    skip_ineligible: bool = False,
) -> ProposalOutcome:
    """Propose workers for ``programme`` on behalf of ``agency``; the proposal waits for the manpower office."""
    if not permissions.can_propose_for(created_by, agency):
        raise PermissionDenied
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _check_programme(programme, agency, today)
    ids = [int(i) for i in worker_ids]
    _check_ids(ids)
    found = assess_ids(programme=programme, worker_ids=ids, as_of=today)
    bad = [c for c in found.values() if not c.eligible]
    missing = len(set(ids) - set(found))
    good = [found[i] for i in ids if i in found and found[i].eligible]
    if (bad or missing) and not (skip_ineligible and good):
        raise _refuse(bad, missing)
    proposal = Proposal.objects.create(
        programme=programme, agency=agency, created_by=created_by, note=" ".join(note.split())[:300],
        step_started_at=timezone.now(), step_due=today + dt.timedelta(days=programme.sla_days(Step.VERIFY)),
        import_job=import_job,
    )  # fmt: skip
    rows = _save_rows(proposal, good)
    audit_record(action="proposal_rows", object_type="programmes.Proposal", object_id=str(proposal.pk),
                 after={"rows": len(rows), "skipped": len(bad) + missing})  # fmt: skip
    return ProposalOutcome(proposal, [_describe(c) for c in bad])


def proposal_create_from_import(
    *, programme: Programme, job: ImportJob, created_by: Any, today: dt.date, skip_ineligible: bool = False
) -> ProposalOutcome:
    """Propose every worker an agency's import of proposed workers registered (registry issue #4)."""
    if job.kind != ImportKind.AGENCY_PROPOSALS or job.agency is None:
        raise ValidationError(_("Pilih impor daftar usulan pekerja rentan dari perangkat daerah."))
    if job.status != ImportStatus.DONE:
        raise ValidationError(_("Impor ini belum selesai: konfirmasi dulu impornya di halaman Impor."))
    ids = list(Worker.objects.filter(import_job=job).order_by("pk").values_list("pk", flat=True))
    return proposal_create(programme=programme, agency=job.agency, worker_ids=ids, created_by=created_by,
                           today=today, import_job=job, skip_ineligible=skip_ineligible,
                           note=_("Dari impor %(name)s") % {"name": job.file_name})  # fmt: skip
