"""Writes of memberships: register, wage change, move, deactivate, reactivate.

A row is never rewritten: each change ends the current row the day before and opens a new one that points back
at it, so ``valid_from`` / ``valid_to`` answer "what was true on date D". Who may join which programme is the
rules package's answer (through ``rules_adapter``), stored with the row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.models import Agency
from lindung.core.rules_words import eligibility_reason
from lindung.registry import child_work
from lindung.registry import notes as note_of
from lindung.registry import rules_adapter as rules
from lindung.registry.events_adapter import attribute_first_registration
from lindung.registry.models import (
    DEACTIVATION_REASONS,
    Employer,
    EndReason,
    Membership,
    PayerKind,
    Program,
    Segment,
    Worker,
    WorkSector,
    programs_to_mask,
)

_BPU_PAYERS = {PayerKind.SELF, PayerKind.CITY_PROGRAMME, PayerKind.SPONSOR, PayerKind.EMPLOYER}


@dataclass
class ProgramDecision:
    mask: int
    notes: list[str] = field(default_factory=list)


def _check_payer(*, segment: str, payer_kind: str, employer: Employer | None) -> None:
    if segment not in Segment.values:
        raise ValidationError({"segment": _("Segmen tidak dikenal. Pilih PU atau BPU.")})
    if payer_kind not in PayerKind.values:
        raise ValidationError(
            {"payer_kind": _("Pembayar tidak dikenal. Pilih: %(c)s.") % {"c": ", ".join(PayerKind.values)}}
        )
    if payer_kind == PayerKind.EMPLOYER and employer is None:
        raise ValidationError({"employer": _("Pilih pemberi kerja yang membayar iuran.")})
    if segment == Segment.PU and payer_kind != PayerKind.EMPLOYER:
        raise ValidationError({"payer_kind": _("Peserta penerima upah (PU) dibayar oleh pemberi kerjanya.")})
    if segment == Segment.BPU and payer_kind not in _BPU_PAYERS:
        raise ValidationError({"payer_kind": _("Pembayar ini tidak berlaku untuk peserta BPU.")})


def _check_sector(*, segment: str, sector: str) -> None:
    """Sektor pekerjaan: one of the listed transport occupations (PP 50/2025) or "other"; BPU only."""
    if sector not in WorkSector.values:
        choices = ", ".join(f"{c.value} ({c.label})" for c in WorkSector)
        raise ValidationError({"sector": _("Sektor pekerjaan tidak dikenal. Pilih: %(c)s.") % {"c": choices}})
    if sector != WorkSector.OTHER and segment != Segment.BPU:
        raise ValidationError(
            {"sector": _("Sektor pekerjaan hanya untuk peserta bukan penerima upah (BPU); PU mengikuti pemberi kerja.")}
        )


def _default_programs(*, segment: str, employer: Employer | None, day: dt.date) -> tuple[set[str], list[str]]:
    if segment == Segment.BPU:
        return set(rules.bpu_required_programs(day)), []
    required, reference = rules.required_programs(employer.size if employer else "", day)
    if required is None:
        raise ValidationError({"programs": _("Skala usaha pemberi kerja belum diketahui: pilih programnya.")})
    return set(required) | {"JKP"}, [note_of.DEFAULT.format(reference)] if reference else []


def decide_programs(
    *, worker: Worker, segment: str, employer: Employer | None, programs: list[str] | None, day: dt.date
) -> ProgramDecision:
    """The programmes of a new row: as asked, or the required ones by employer size; JP and JKP only where
    the rules allow them (a default one the worker cannot join is dropped with a note, an asked one refused)."""
    asked = programs is not None
    chosen, notes = (
        (set(programs or []), []) if asked else _default_programs(segment=segment, employer=employer, day=day)
    )
    allowed = rules.programs_allowed(segment, day)
    if asked and not chosen <= allowed:
        raise ValidationError(
            {
                "programs": _("Program %(p)s tidak tersedia untuk segmen %(s)s.")
                % {"p": ", ".join(sorted(chosen - allowed)), "s": segment}
            }
        )
    chosen &= allowed
    for name, check in (("JP", rules.can_join_jp), ("JKP", rules.can_join_jkp)):
        if name not in chosen:
            continue
        decision = check(worker.birth_date, day)
        if decision.ok:
            notes.append(note_of.enrolled(name, decision))
        elif asked:
            raise ValidationError(
                {
                    "programs": _("Pekerja tidak dapat ikut %(p)s (%(ref)s). %(r)s")
                    % {"p": name, "r": eligibility_reason(decision.words()), "ref": decision.reference or "-"}
                }
            )
        else:
            chosen.discard(name)
            notes.append(note_of.dropped(name, decision))
    if not chosen:
        raise ValidationError({"programs": _("Pilih paling sedikit satu program.")})
    if asked and segment == Segment.PU:
        notes.extend(_missing_required_note(chosen, employer, day))
    return ProgramDecision(programs_to_mask(sorted(chosen)), notes)


def _missing_required_note(chosen: set[str], employer: Employer | None, day: dt.date) -> list[str]:
    """Flag (not refuse) a row without a programme the employer's size requires: the law is the employer's
    duty, and the person who registers may not be the one to decide it."""
    required, reference = rules.required_programs(employer.size if employer else "", day)
    missing = sorted((required or frozenset()) - chosen)
    return [note_of.MISSING.format(", ".join(missing), reference)] if missing else []


def _check_income(*, segment: str, wage: int, day: dt.date) -> str | None:
    if wage < 0:
        raise ValidationError({"wage": _("Upah atau penghasilan tidak boleh negatif.")})
    if segment != Segment.BPU:
        return None
    decision = rules.bpu_income_ok(wage, day)
    if not decision.ok:
        raise ValidationError(
            {
                "wage": _("Penghasilan BPU tidak dapat diterima (%(ref)s). %(r)s")
                % {"r": eligibility_reason(decision.words()), "ref": decision.reference or "-"}
            }
        )
    return note_of.bpu_income(decision)


def _check_child(*, worker: Worker, segment: str, day: dt.date) -> str | None:
    """Refuse a wage earner younger than any work UU 13/2003 allows; note (not refuse) a child it allows only
    as an exception of Pasal 69-71, which the officer must check."""
    answer = child_work.check(birth_date=worker.birth_date, segment=segment, day=day)
    if answer is None:
        return None
    if answer.verdict == "too_young":
        raise ValidationError({"valid_from": child_work.refusal(answer)})
    return child_work.note(answer)


def _check_no_active_twin(*, worker: Worker, employer: Employer | None) -> None:
    active = Membership.objects.filter(worker=worker, valid_to__isnull=True, employer=employer)
    if active.exists():
        if employer is None:
            message = _("Pekerja sudah punya kepesertaan aktif tanpa pemberi kerja. Akhiri dulu yang lama.")
        else:
            message = _("Pekerja sudah punya kepesertaan aktif di pemberi kerja ini. Ubah upahnya saja.")
        raise ValidationError({"employer": message})


@transaction.atomic
def membership_register(
    *,
    worker: Worker,
    payer_kind: str,
    segment: str,
    wage: int,
    valid_from: dt.date,
    programs: list[str] | None = None,
    employer: Employer | None = None,
    agency: Agency | None = None,
    sponsor_name: str = "",
    previous: Membership | None = None,
    sector: str = WorkSector.OTHER,
) -> Membership:
    """Enrol a worker with one payer; refuses a second active row for the same worker and employer."""
    _check_horizon(valid_from, "valid_from")
    _check_payer(segment=segment, payer_kind=payer_kind, employer=employer)
    _check_sector(segment=segment, sector=sector or WorkSector.OTHER)
    _check_no_active_twin(worker=worker, employer=employer)
    child_note = _check_child(worker=worker, segment=segment, day=valid_from)
    income_note = _check_income(segment=segment, wage=wage, day=valid_from)
    decision = decide_programs(worker=worker, segment=segment, employer=employer, programs=programs, day=valid_from)
    membership = Membership(
        worker=worker,
        payer_kind=payer_kind,
        segment=segment,
        employer=employer,
        agency=agency,
        sponsor_name=sponsor_name,
        sector=sector or WorkSector.OTHER,
        programs=decision.mask,
        wage=wage,
        valid_from=valid_from,
        previous=previous,
        rules_version=rules.RULES_VERSION,
        eligibility_notes=[*decision.notes, *(note for note in (child_note, income_note) if note)],
    )
    membership.full_clean()
    membership.save()
    attribute_first_registration(membership)
    return membership


#: How far ahead a membership date may be entered, as in the imports (``imports.employer_rules``): a year.
HORIZON = dt.timedelta(days=366)


def _check_horizon(day: dt.date, field: str) -> None:
    """Refuse a date more than a year ahead (a typo like 9999-12-31 would leave a row open or closed forever)."""
    latest = timezone.localdate() + HORIZON
    if day > latest:
        raise ValidationError(
            {field: _("Tanggal paling lambat %(d)s (satu tahun dari hari ini).") % {"d": latest.isoformat()}}
        )


def _end(membership: Membership, *, on: dt.date, reason: str, note: str = "") -> None:
    _check_horizon(on, "valid_to")
    if membership.valid_to is not None:
        raise ValidationError(_("Kepesertaan ini sudah berakhir."))
    if on < membership.valid_from:
        raise ValidationError({"valid_to": _("Tanggal akhir tidak boleh sebelum tanggal mulai kepesertaan.")})
    membership.valid_to, membership.end_reason, membership.end_note = on, reason, " ".join(note.split())
    membership.ended_at = timezone.now()  # billing re-examines rows ended since its last reconciliation
    membership.full_clean()
    membership.save()


def _next_day_check(membership: Membership, day: dt.date) -> None:
    _check_horizon(day, "valid_from")
    if day <= membership.valid_from:
        raise ValidationError({"valid_from": _("Tanggal perubahan harus sesudah tanggal mulai kepesertaan.")})


@transaction.atomic
def membership_change_wage(*, membership: Membership, wage: int, valid_from: dt.date) -> Membership:
    """A new wage from ``valid_from``: the current row ends the day before, a new row carries the wage."""
    _next_day_check(membership, valid_from)
    _check_income(segment=membership.segment, wage=wage, day=valid_from)
    _end(membership, on=valid_from - dt.timedelta(days=1), reason=EndReason.WAGE_CHANGE)
    new = Membership(
        worker=membership.worker,
        payer_kind=membership.payer_kind,
        segment=membership.segment,
        employer=membership.employer,
        agency=membership.agency,
        sponsor_name=membership.sponsor_name,
        sector=membership.sector,
        programs=membership.programs,
        wage=wage,
        valid_from=valid_from,
        previous=membership,
        rules_version=rules.RULES_VERSION,
        eligibility_notes=membership.eligibility_notes,
    )
    new.full_clean()
    new.save()
    return new


@transaction.atomic
def membership_move(
    *,
    membership: Membership,
    employer: Employer,
    valid_from: dt.date,
    wage: int | None = None,
    programs: list[str] | None = None,
) -> Membership:
    """Move a wage earner to another employer from ``valid_from``; programmes re-decided for the new one."""
    if membership.employer_id == employer.pk:
        raise ValidationError({"employer": _("Pilih pemberi kerja yang lain.")})
    _next_day_check(membership, valid_from)
    _end(membership, on=valid_from - dt.timedelta(days=1), reason=EndReason.MOVED_EMPLOYER)
    return membership_register(
        worker=membership.worker,
        payer_kind=PayerKind.EMPLOYER,
        segment=membership.segment,
        employer=employer,
        wage=membership.wage if wage is None else wage,
        valid_from=valid_from,
        programs=programs,
        previous=membership,
    )


@transaction.atomic
def membership_deactivate(*, membership: Membership, valid_to: dt.date, reason: str, note: str = "") -> Membership:
    """End a membership for a life event (resigned, PHK, death, moved away, became a formal employee).

    Ending a city-programme membership queues the programme's replacement run once the change is committed,
    so a freed slot is offered to the next worker on the waiting list.
    """
    if reason not in DEACTIVATION_REASONS:
        raise ValidationError({"reason": _("Pilih alasan berakhirnya kepesertaan.")})
    _end(membership, on=valid_to, reason=reason, note=note)
    if membership.payer_kind == PayerKind.CITY_PROGRAMME:
        region_id = membership.worker.region_id
        # robust: a failed enqueue is logged, not raised after the commit; the nightly run catches up.
        transaction.on_commit(lambda: _enqueue_replacements(region_id), robust=True)
    return membership


def _enqueue_replacements(region_id: int) -> None:
    from lindung.programmes.tasks import replacements_sync_task  # programmes builds on the registry

    replacements_sync_task.enqueue(region_id)


@transaction.atomic
def membership_reactivate(
    *, membership: Membership, valid_from: dt.date, wage: int | None = None, programs: list[str] | None = None
) -> Membership:
    """Open a new row like an ended one, from ``valid_from``; eligibility is decided again for that date."""
    if membership.valid_to is None:
        raise ValidationError(_("Kepesertaan ini masih aktif."))
    if valid_from <= membership.valid_to:
        raise ValidationError({"valid_from": _("Tanggal mulai baru harus sesudah tanggal berakhir.")})
    if programs is None and membership.segment != Segment.PU:
        programs = [p.label for p in Program if membership.programs & p.value]
    return membership_register(
        worker=membership.worker,
        payer_kind=membership.payer_kind,
        segment=membership.segment,
        employer=membership.employer,
        agency=membership.agency,
        sponsor_name=membership.sponsor_name,
        wage=membership.wage if wage is None else wage,
        valid_from=valid_from,
        programs=programs,
        previous=membership,
        sector=membership.sector,
    )
