"""The ordered maker-checker chain: the manpower office verifies, the finance office confirms the budget, the
BPJS branch confirms the enrolment (anchors §3 "multi-level approvals that respect order and area", §4 item 15).

Each step is taken once, in order, by a user of the right office of the programme's region who is neither the
proposer nor anyone who took an earlier step of the same proposal. Every pending row gets a decision; a rejected
row needs a reason. The programme and the proposal are locked for the step, so two checkers cannot take the
same step twice nor spend the same rupiah twice; anything refused leaves nothing half-done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core.audit import audit_context, audit_record
from lindung.coverage.tasks import coverage_refresh_later
from lindung.programmes import permissions
from lindung.programmes import rules_adapter as rules
from lindung.programmes.models import (
    AFTER_STEP,
    STEPS,
    Programme,
    Proposal,
    ProposalRow,
    ProposalStatus,
    RowStatus,
    Step,
    StepDecision,
)
from lindung.programmes.selectors.eligibility import assess_ids
from lindung.programmes.selectors.ledger import programme_ledger, remaining_months
from lindung.programmes.selectors.proposals import earlier_actors
from lindung.registry.models import PayerKind, Segment
from lindung.registry.services import membership_register

MIN_REASON = 5


@dataclass(frozen=True)
class RowDecision:
    row_id: int
    approve: bool
    reason: str = ""


@dataclass(frozen=True)
class _Money:
    amount: int = 0
    rules_version: str = ""
    references: tuple[str, ...] = ()


def _rp(amount: int) -> str:
    return f"Rp {amount:,}".replace(",", ".")


def _check_step(step: str) -> None:
    if step not in STEPS:  # from a form or the API: name the steps instead of failing on STEPS.index
        raise ValidationError(_("Langkah usulan %(step)s tidak dikenal. Pilih salah satu: %(steps)s.")
                              % {"step": step[:40], "steps": ", ".join(STEPS)})  # fmt: skip


def _check_turn(proposal: Proposal, step: str) -> None:
    waiting = proposal.next_step
    if waiting is None:
        raise ValidationError(_("Usulan ini sudah selesai (%(status)s): tidak ada langkah lagi.")
                              % {"status": proposal.get_status_display()})  # fmt: skip
    if step != waiting:
        done = STEPS.index(step) < STEPS.index(waiting)
        message = _("Langkah %(step)s sudah dilakukan untuk usulan ini.") if done else _(
            "Usulan ini masih menunggu %(waiting)s: %(step)s belum dapat dilakukan.")  # fmt: skip
        raise ValidationError(message % {"step": Step(step).label, "waiting": Step(waiting).label})


def _check_rows(rows: dict[int, ProposalRow], decisions: Sequence[RowDecision]) -> None:
    given = [d.row_id for d in decisions]
    if len(set(given)) != len(given) or set(given) - set(rows):
        raise ValidationError(_("Keputusan memuat baris yang bukan bagian usulan ini atau tercantum dua kali."))
    undecided = len(set(rows) - set(given))
    if undecided:
        raise ValidationError(_("Putuskan setiap baris: %(n)s baris belum diputuskan.") % {"n": undecided})
    for decision in decisions:
        if not decision.approve and len(decision.reason.strip()) < MIN_REASON:
            raise ValidationError(_("Tuliskan alasan penolakan untuk %(name)s (paling sedikit %(n)s karakter).")
                                  % {"name": rows[decision.row_id].worker.name, "n": MIN_REASON})  # fmt: skip


def _recheck(proposal: Proposal, approved: list[ProposalRow], today: dt.date) -> None:
    """A worker may have become ineligible since the proposal (enrolled elsewhere, moved): refuse to approve."""
    found = assess_ids(programme=proposal.programme, worker_ids=[r.worker_id for r in approved], as_of=today,
                       exclude_proposal=proposal.pk)  # fmt: skip
    bad = [c for c in found.values() if not c.eligible]
    if bad:
        listed = "; ".join(f"{c.name} ({c.nik_masked}): {', '.join(c.problems)}" for c in bad[:10])
        raise ValidationError(_("Tidak dapat disetujui, tolak dengan alasan: %(list)s") % {"list": listed})


def _confirm_budget(proposal: Proposal, approved: list[ProposalRow], today: dt.date) -> _Money:
    programme = proposal.programme
    months = remaining_months(programme, today)
    if not months:
        raise ValidationError(_("Program %(year)s sudah berakhir: anggaran tidak dapat dikonfirmasi lagi.")
                              % {"year": programme.year})  # fmt: skip
    ledger = programme_ledger(programme=programme, as_of=today)
    cost = len(approved) * ledger.new_worker_cost
    if cost > ledger.remaining:
        most = ledger.headroom
        raise ValidationError(_(
            "Sisa anggaran %(left)s tidak cukup untuk %(n)s pekerja (%(cost)s sampai akhir program). Setujui paling "
            "banyak %(most)s pekerja atau tolak sebagian dengan alasan.") % {
            "left": _rp(max(ledger.remaining, 0)), "n": len(approved), "cost": _rp(cost), "most": most})  # fmt: skip
    note = rules.price_explained(programme.declared_income, programme.program_names, rules.month_start(months[0]))
    return _Money(cost, note.rules_version, tuple(note.references))


def _enrol(proposal: Proposal, approved: list[ProposalRow], today: dt.date) -> _Money:
    programme = proposal.programme
    start = max(today, programme.start)
    if start > programme.end:
        raise ValidationError(_("Program %(year)s sudah berakhir: kepesertaan tidak dapat didaftarkan lagi.")
                              % {"year": programme.year})  # fmt: skip
    for row in approved:
        try:
            row.membership = membership_register(
                worker=row.worker, payer_kind=PayerKind.CITY_PROGRAMME, segment=Segment.BPU,
                wage=programme.declared_income, valid_from=start, programs=programme.program_names,
                agency=proposal.agency,
            )  # fmt: skip
        except ValidationError as exc:
            raise ValidationError(_("Pendaftaran %(name)s gagal: %(why)s")
                                  % {"name": row.worker.name, "why": " ".join(exc.messages)}) from exc  # fmt: skip
        row.status = RowStatus.ENROLLED
    ProposalRow.objects.bulk_update(approved, ["membership", "status"])
    coverage_refresh_later(programme.region_id)  # queued on commit: the new members reach the dashboards
    return _Money()


def _advance(proposal: Proposal, step: str, approved: int, today: dt.date) -> None:
    if not approved:
        proposal.status, proposal.step_due = ProposalStatus.REJECTED, None
    else:
        proposal.status = AFTER_STEP[step]
        following = proposal.next_step
        proposal.step_due = today + dt.timedelta(days=proposal.programme.sla_days(following)) if following else None
    proposal.step_started_at = timezone.now()
    proposal.save()


def _reject(rows: dict[int, ProposalRow], decisions: Sequence[RowDecision], step: str) -> int:
    rejected = []
    for decision in decisions:
        if not decision.approve:
            row = rows[decision.row_id]
            row.status, row.rejected_step = RowStatus.REJECTED, step
            row.reject_reason = " ".join(decision.reason.split())[:300]
            rejected.append(row)
    ProposalRow.objects.bulk_update(rejected, ["status", "rejected_step", "reject_reason"])
    return len(rejected)


@transaction.atomic
def proposal_decide(
    *, proposal: Proposal, step: str, user: Any, decisions: Sequence[RowDecision], today: dt.date, note: str = ""
) -> Proposal:
    """Take ``step`` on ``proposal``: approve or reject each pending row (rejections with a reason).

    Every write of the step is recorded in the audit log under ``user``, whoever called the service.
    """
    with audit_context(user=user):
        return _decide(proposal=proposal, step=step, user=user, decisions=decisions, today=today, note=note)


def _decide(
    *, proposal: Proposal, step: str, user: Any, decisions: Sequence[RowDecision], today: dt.date, note: str
) -> Proposal:
    programme = Programme.objects.select_for_update().get(pk=proposal.programme_id)
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("agency").get(pk=proposal.pk)
    proposal.programme = programme
    _check_step(step)
    # The role before the turn: an auditor is told auditors only read, not that the step waits for someone else.
    if not permissions.can_take_step(user, step, programme):
        raise PermissionDenied(permissions.step_refusal(user, step))
    _check_turn(proposal, step)
    if user.pk in earlier_actors(proposal):
        raise ValidationError(_("Langkah ini harus diambil oleh orang lain: pengusul dan pemeriksa langkah "
                                "sebelumnya tidak boleh memeriksa usulan yang sama (prinsip empat mata)."))  # fmt: skip
    rows = {r.pk: r for r in proposal.rows.filter(status=RowStatus.PENDING).select_related("worker")}
    _check_rows(rows, decisions)
    approved = [rows[d.row_id] for d in decisions if d.approve]
    if approved:
        _recheck(proposal, approved, today)
    money = _Money()
    if approved and step == Step.BUDGET:
        money = _confirm_budget(proposal, approved, today)
    elif approved and step == Step.ENROL:
        money = _enrol(proposal, approved, today)
    rejected = _reject(rows, decisions, step)
    StepDecision.objects.create(
        proposal=proposal, step=step, decided_by=user, decided_at=timezone.now(), approved=len(approved),
        rejected=rejected, note=" ".join(note.split())[:300], overdue_days=proposal.overdue_days(today),
        amount=money.amount, rules_version=money.rules_version, references=list(money.references),
    )  # fmt: skip
    _advance(proposal, step, len(approved), today)
    audit_record(action="proposal_decide", object_type="programmes.Proposal", object_id=str(proposal.pk),
                 after={"step": step, "approved": [r.pk for r in approved],
                        "rejected": {str(d.row_id): d.reason for d in decisions if not d.approve}})  # fmt: skip
    return proposal


def approve_all(proposal: Proposal) -> list[RowDecision]:
    """Decisions approving every pending row (the bulk "approve all")."""
    ids = proposal.rows.filter(status=RowStatus.PENDING).values_list("pk", flat=True)
    return [RowDecision(row_id=pk, approve=True) for pk in ids]
