"""The vulnerable-worker programme over REST, within the caller's scope (404 outside it).

Programmes and their ledgers, the waiting list, proposals with their rows, a step's decision (the same rules as
the pages: ordered, maker-checker, reasons for rejections), saved scenarios, and the poverty-decile upload (a
background job: the upload answers 202 with the job's status URL). NIKs leave masked only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from lindung.api.params import Offset
from lindung.core.scoping import get_scoped_or_404, scope_for, scoped
from lindung.programmes import services, tasks
from lindung.programmes.models import DecileUploadJob, Programme, Proposal, Scenario
from lindung.programmes.selectors import ledger, proposals, waiting
from lindung.programmes.services.deciles import decile_upload_create, decile_upload_messages
from lindung.web.refusals import refusal_reason, role_refusal

router = Router(tags=["programmes"])
PAGE = 100


class ProgrammeOut(Schema):
    id: int
    year: int
    name: str
    status: str
    budget: int
    programs: list[str]
    declared_income: int
    first_month: int
    last_month: int
    rules_version: str

    @staticmethod
    def resolve_programs(obj: Programme) -> list[str]:
        return obj.program_names


class AlertOut(Schema):
    level: str
    code: str
    message: str


class LedgerMonthOut(Schema):
    period: dt.date
    members: int
    cost: int
    billed: int
    paid: int
    difference: int | None


class LedgerOut(Schema):
    as_of: dt.date
    budget: int
    realised: int
    committed: int
    reserved: int
    remaining: int
    billed: int
    paid: int
    members_active: int
    new_worker_cost: int
    headroom: int
    bill_available: bool
    months: list[LedgerMonthOut]
    alerts: list[AlertOut]


class CandidateOut(Schema):
    rank: int
    worker_id: int
    name: str
    nik_masked: str
    district: str
    category: str
    age: int
    score: int
    criteria: list[str]
    decile: int | None = None  # poverty decile where known, with its source and the date of the data
    decile_source: str = ""
    decile_as_of: dt.date | None = None


class RowOut(Schema):
    id: int
    worker_id: int
    name: str
    nik_masked: str
    status: str
    priority_score: int
    rejected_step: str
    reject_reason: str
    membership_id: int | None


class ProposalOut(Schema):
    id: int
    code: str
    programme_id: int
    agency_id: int
    status: str
    next_step: str | None
    step_due: dt.date | None
    created_at: dt.datetime


class ProposalDetailOut(ProposalOut):
    rows: list[RowOut]


class RowDecisionIn(Schema):
    row_id: int
    approve: bool
    reason: str = ""


class DecisionIn(Schema):
    step: str
    rows: list[RowDecisionIn]
    note: str = ""


class ScenarioOut(Schema):
    id: int
    name: str
    year: int
    budget: int
    months: int
    result: dict[str, Any]


class DecileUploadOut(Schema):
    id: int
    programme_id: int
    status: str  # queued, running, done or failed
    phase: str  # while running: reading, checking or saving
    done_rows: int
    total_rows: int
    written: int
    replaced: int
    messages: list[str]  # when failed: each bad row (by number, never its NIK) and that nothing was saved
    status_url: str
    created_at: dt.datetime
    finished_at: dt.datetime | None


def _decile_job(job: DecileUploadJob) -> dict[str, Any]:
    url = reverse("api-v1:decile_upload_get", kwargs={"job_id": job.pk})
    fields = ("id", "programme_id", "status", "phase", "done_rows", "total_rows", "written", "replaced",
              "created_at", "finished_at")  # fmt: skip
    return {**{f: getattr(job, f) for f in fields}, "messages": decile_upload_messages(job), "status_url": url}


def _programme(request: HttpRequest, programme_id: int) -> Programme:
    return get_scoped_or_404(Programme.objects.select_related("region"), request.user, pk=programme_id)


def _proposal(p: Proposal) -> dict[str, Any]:
    return {"id": p.pk, "code": p.code, "programme_id": p.programme_id, "agency_id": p.agency_id, "status": p.status,
            "next_step": p.next_step, "step_due": p.step_due, "created_at": p.created_at}  # fmt: skip


def _rows(request: HttpRequest, proposal: Proposal) -> list[dict[str, Any]]:
    return [
        {"id": r.pk, "worker_id": r.worker_id, "name": r.worker.name, "nik_masked": r.worker.nik_masked,
         "status": r.status, "priority_score": r.priority_score, "rejected_step": r.rejected_step,
         "reject_reason": r.reject_reason, "membership_id": r.membership_id}
        for r in proposals.proposal_rows(user=request.user, proposal=proposal)
    ]  # fmt: skip


@router.get("/programmes", response=list[ProgrammeOut])
def programme_list(request: HttpRequest) -> Any:
    return list(scoped(Programme.objects.order_by("-year"), request.user)[:PAGE])


@router.get("/programmes/{programme_id}/ledger", response=LedgerOut)
def programme_ledger(request: HttpRequest, programme_id: int, as_of: dt.date | None = None) -> Any:
    book = ledger.programme_ledger(programme=_programme(request, programme_id), as_of=as_of or timezone.localdate())
    return {**book.__dict__, "remaining": book.remaining, "headroom": book.headroom}


@router.get("/programmes/{programme_id}/waiting-list", response=list[CandidateOut])
def waiting_list(request: HttpRequest, programme_id: int, offset: Offset = 0) -> Any:
    programme = _programme(request, programme_id)
    ranked = waiting.waiting_rows(programme=programme, user=request.user, as_of=timezone.localdate())
    return [{**c.__dict__, "rank": offset + i + 1} for i, c in enumerate(ranked[offset : offset + PAGE])]


@router.get("/proposals", response=list[ProposalOut])
def proposal_list(request: HttpRequest, status: str = "", offset: Offset = 0) -> Any:
    return list(proposals.proposal_list(user=request.user, status=status)[offset : offset + PAGE])


@router.get("/proposals/{proposal_id}", response=ProposalDetailOut)
def proposal_get(request: HttpRequest, proposal_id: int) -> Any:
    proposal = get_scoped_or_404(Proposal.objects.select_related("programme"), request.user, pk=proposal_id)
    return {**_proposal(proposal), "rows": _rows(request, proposal)}


@router.post("/proposals/{proposal_id}/decision", response=ProposalOut)
def proposal_decision(request: HttpRequest, proposal_id: int, payload: DecisionIn) -> Any:
    """Take the proposal's next step: one decision per pending row; a rejection needs a reason."""
    proposal = get_scoped_or_404(Proposal.objects.all(), request.user, pk=proposal_id)
    decisions = [services.RowDecision(r.row_id, r.approve, r.reason) for r in payload.rows]
    try:
        return services.proposal_decide(proposal=proposal, step=payload.step, user=request.user, decisions=decisions,
                                        today=timezone.localdate(), note=payload.note)  # fmt: skip
    except PermissionDenied as exc:
        raise HttpError(403, refusal_reason(request.user, exc)) from exc
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc


@router.get("/scenarios", response=list[ScenarioOut])
def scenario_list(request: HttpRequest) -> Any:
    return list(scoped(Scenario.objects.all(), request.user)[:PAGE])


@router.get("/scenarios/{scenario_id}", response=ScenarioOut)
def scenario_get(request: HttpRequest, scenario_id: int) -> Scenario:
    return get_scoped_or_404(Scenario.objects.all(), request.user, pk=scenario_id)


@router.post("/programmes/{programme_id}/deciles", response={202: DecileUploadOut})
def decile_upload(
    request: HttpRequest, programme_id: int, source: Form[str], as_of: Form[dt.date], file: File[UploadedFile]
) -> Any:
    """Upload a NIK + desil file; it is applied in the background (all rows or none): poll ``status_url``."""
    programme = _programme(request, programme_id)
    try:
        job = decile_upload_create(
            programme=programme, data=file.read(), file_name=file.name or "desil", source=source, as_of=as_of,
            user=request.user, today=timezone.localdate(),
        )  # fmt: skip
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _decile_refusal(request.user)) from exc
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc
    tasks.decile_upload_task.enqueue(job.pk)
    return Status(202, _decile_job(job))


def _decile_refusal(user: Any) -> str:
    scope = scope_for(user)
    if scope is None or scope.read_only:
        return role_refusal(user)
    return _("Hanya koordinator kota yang mengunggah desil.")


@router.get("/decile-uploads/{job_id}", response=DecileUploadOut, url_name="decile_upload_get")
def decile_upload_get(request: HttpRequest, job_id: int) -> Any:
    """The upload's progress, then its result or its problems."""
    return _decile_job(get_scoped_or_404(DecileUploadJob.objects.all(), request.user, pk=job_id))
