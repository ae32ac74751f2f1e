"""Employers, workers, memberships and import jobs over REST, each within the caller's scope (404 outside it).

Workers are searched, never listed: ``GET /workers`` needs ``q`` (a NIK, a KPJ number or part of a name). NIK
and phone leave the API masked only; revealing a NIK is a page action with a reason, not an API field.
Creating an employer, a worker or a membership goes through the same services, roles and scope as the pages;
a refusal answers 422 with the services' messages, by field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from lindung.api.params import Offset
from lindung.core.models import Agency, Village
from lindung.core.scoping import get_scoped_or_404, scoped
from lindung.registry import notes, selectors, services, tasks
from lindung.registry.imports import service as imports
from lindung.registry.imports import storage
from lindung.registry.imports.messages import describe
from lindung.registry.models import Employer, ImportJob, ImportKind, Membership, Worker
from lindung.registry.permissions import Action, require
from lindung.registry.selectors import user_agency, user_employer, user_region

router = Router(tags=["registry"])
PAGE = 100


class EmployerOut(Schema):
    id: int
    name: str
    kind: str
    subkind: str
    size: str
    npp: str
    nib: str
    npwp: str
    kbli: str
    jkk_risk_group: int
    jkk_risk_derived: int | None
    jkk_risk_override_reason: str
    sector: str
    jp_deferral: bool
    agency_id: int | None


class WorkerOut(Schema):
    id: int
    nik_masked: str
    is_medan: bool
    nik_warnings: list[str]
    name: str
    birth_date: dt.date
    sex: str
    village_id: int | None
    phone_masked: str
    occupation: str
    kpj: str
    vulnerability_category: str
    proposed_by_agency_id: int | None
    merged_into_id: int | None
    event_code: str


class EligibilityNoteOut(Schema):
    code: str = Field(
        description="program_enrolled, program_not_enrolled, bpu_income_at_least_minimum, "
        "programs_by_employer_size, required_programs_missing, child_worker; unknown for a note of another shape"
    )
    values: dict[str, str | int] = Field(
        description="The values the message quotes (program, reference, reason_code, last_month, age, max_age, "
        "minimum in rupiah, programs, articles), as stored"
    )
    message: str = Field(description="The note in the caller's language (Bahasa Indonesia or English)")


class MembershipOut(Schema):
    id: int
    worker_id: int
    payer_kind: str
    employer_id: int | None
    agency_id: int | None
    segment: str
    sector: str
    programs: list[str]
    wage: int
    valid_from: dt.date
    valid_to: dt.date | None
    end_reason: str
    previous_id: int | None
    rules_version: str
    eligibility_notes: list[str] = Field(
        deprecated=True,
        description="Deprecated: the notes as stored, in English. Read `eligibility` instead; kept for old clients.",
    )
    eligibility: list[EligibilityNoteOut] = Field(
        default_factory=list,
        description="What the rules decided when the membership was made, one entry per note: a stable `code`, "
        "the `values` it quotes and a `message` in the caller's language (the language switch's cookie).",
    )

    @staticmethod
    def resolve_programs(obj: Membership) -> list[str]:
        return obj.program_names

    @staticmethod
    def resolve_eligibility(obj: Membership) -> list[EligibilityNoteOut]:
        out = []
        for note in obj.eligibility_notes or []:
            code, values, message = notes.explained(str(note))
            out.append(EligibilityNoteOut(code=code, values=values, message=message))
        return out


class MembershipIn(Schema):
    worker_id: int
    payer_kind: str
    segment: str
    wage: int
    valid_from: dt.date
    employer_id: int | None = None
    agency_id: int | None = None
    sponsor_name: str = ""
    programs: list[str] | None = None
    sector: str = "other"  # BPU sektor pekerjaan (PP 50/2025 transport discount)


class EmployerIn(Schema):
    name: str
    kind: str
    subkind: str
    size: str = ""
    npp: str = ""
    nib: str = ""
    npwp: str = ""
    kbli: str = ""
    address: str = ""
    village_id: int | None = None
    agency_id: int | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    jkk_risk_group: int | None = None
    jkk_risk_override_reason: str = ""
    sector: str = "other"  # sektor usaha (PP 7/2025 padat karya discount)
    jp_deferral: bool = False  # PP 49/2020 JP deferral approved


class WorkerIn(Schema):
    nik: str
    name: str
    birth_date: dt.date
    sex: str
    address: str = ""
    village_id: int | None = None
    phone: str = ""
    occupation: str = ""
    kpj: str = ""
    vulnerability_category: str = ""
    female_head_of_household: bool = False
    disability: bool = False
    consent: bool = False
    event_code: str = ""


class RefusalOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class ImportJobOut(Schema):
    id: int
    kind: str
    status: str
    mode: str
    file_name: str
    total_rows: int
    valid_rows: int
    error_rows: int
    warning_rows: int
    info_rows: int  # rows with information only (severity "info"): never blocking a confirm
    unchanged_rows: int
    created_workers: int
    created_memberships: int
    progress_percent: int = 0

    @staticmethod
    def resolve_progress_percent(obj: ImportJob) -> int:
        return 100 if not obj.is_running else int(storage.progress_read(obj.pk)["percent"])


class IssueOut(Schema):
    row: int
    column: str
    value: str
    severity: str
    code: str
    message: str
    fix: str


def _invalid(exc: ValidationError) -> HttpError:
    return HttpError(422, "; ".join(exc.messages))


def _refused(exc: ValidationError) -> Status[dict[str, Any]]:
    """422 with every message, and by field where the service named one (``__all__`` otherwise)."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return Status(422, {"detail": "; ".join(exc.messages), "errors": errors})


def _in_scope(model: Any, user: Any, pk: int | None, field: str) -> Any:
    """A referenced object the caller may see, or a 422 naming the field (as a form's unknown choice does)."""
    if pk is None:
        return None
    found = scoped(model.objects.all(), user).filter(pk=pk).first()
    if found is None:
        message = (
            _("Kelurahan dengan id %(pk)s tidak ada dalam cakupan Anda.")
            if model is Village
            else _("Perangkat daerah dengan id %(pk)s tidak ada dalam cakupan Anda.")
        )
        raise ValidationError({field: message % {"pk": pk}})
    return found


@router.get("/employers", response=list[EmployerOut])
def employer_list(request: HttpRequest, q: str = "", offset: Offset = 0) -> Any:
    if q:
        return list(selectors.employer_search(user=request.user, query=q))
    return list(scoped(Employer.objects.order_by("name", "pk"), request.user)[offset : offset + PAGE])


@router.post("/employers", response={201: EmployerOut, 422: RefusalOut})
def employer_create(request: HttpRequest, payload: EmployerIn) -> Any:
    """Create an employer (as the page does: an agency officer's employers belong to its own agency)."""
    require(request.user, Action.EMPLOYER_EDIT)
    data = payload.dict()
    try:
        data["village"] = _in_scope(Village, request.user, data.pop("village_id"), "village_id")
        data["agency"] = _in_scope(Agency, request.user, data.pop("agency_id"), "agency_id")
        data["agency"] = user_agency(request.user) or data["agency"]
        employer = services.employer_create(region=user_region(request.user), **data)
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, employer)


@router.get("/employers/{employer_id}", response=EmployerOut)
def employer_get(request: HttpRequest, employer_id: int) -> Employer:
    return get_scoped_or_404(Employer.objects.all(), request.user, pk=employer_id)


@router.get("/workers", response=list[WorkerOut])
def worker_list(request: HttpRequest, q: str) -> Any:
    """Search by NIK (exact), KPJ, or at least three letters of a name."""
    return list(selectors.worker_search(user=request.user, query=q))


@router.post("/workers", response={201: WorkerOut, 422: RefusalOut})
def worker_create(request: HttpRequest, payload: WorkerIn) -> Any:
    """Register a worker after the offline NIK check; ``event_code`` credits a socialisation event."""
    require(request.user, Action.WORKER_EDIT)
    data = payload.dict()
    try:
        data["village"] = _in_scope(Village, request.user, data.pop("village_id"), "village_id")
        worker = services.worker_register(
            region=user_region(request.user),
            today=timezone.localdate(),
            proposed_by_agency=user_agency(request.user),
            registered_by_employer=user_employer(request.user),
            **data,
        )
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, worker)


@router.get("/workers/{worker_id}", response=WorkerOut)
def worker_get(request: HttpRequest, worker_id: int) -> Worker:
    return get_scoped_or_404(Worker.objects.all(), request.user, pk=worker_id)


@router.get("/memberships", response=list[MembershipOut])
def membership_list(
    request: HttpRequest, worker_id: int | None = None, employer_id: int | None = None, as_of: dt.date | None = None
) -> Any:
    """Memberships of one worker or one employer, optionally only those in force on ``as_of``."""
    if worker_id is None and employer_id is None:
        raise HttpError(422, "give worker_id or employer_id")
    rows = scoped(Membership.objects.all(), request.user)
    rows = rows.filter(worker_id=worker_id) if worker_id is not None else rows
    rows = rows.filter(employer_id=employer_id) if employer_id is not None else rows
    rows = selectors.active_on(rows, as_of) if as_of else rows
    return list(rows.order_by("-valid_from", "-pk")[:PAGE])


@router.get("/memberships/{membership_id}", response=MembershipOut)
def membership_get(request: HttpRequest, membership_id: int) -> Membership:
    return get_scoped_or_404(Membership.objects.all(), request.user, pk=membership_id)


@router.post("/memberships", response={201: MembershipOut, 422: RefusalOut})
def membership_create(request: HttpRequest, payload: MembershipIn) -> Any:
    require(request.user, Action.MEMBERSHIP_EDIT)
    worker = get_scoped_or_404(Worker.objects.all(), request.user, pk=payload.worker_id)
    employer = None
    if payload.employer_id is not None:
        employer = get_scoped_or_404(Employer.objects.all(), request.user, pk=payload.employer_id)
    try:
        agency = _in_scope(Agency, request.user, payload.agency_id, "agency_id")
        membership = services.membership_register(
            worker=worker,
            employer=employer,
            agency=agency,
            sponsor_name=payload.sponsor_name,
            payer_kind=payload.payer_kind,
            segment=payload.segment,
            wage=payload.wage,
            valid_from=payload.valid_from,
            programs=payload.programs,
            sector=payload.sector,
        )
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, membership)


@router.get("/imports", response=list[ImportJobOut])
def import_list(request: HttpRequest) -> Any:
    return list(selectors.import_jobs(user=request.user)[:PAGE])


@router.get("/imports/{job_id}", response=ImportJobOut)
def import_get(request: HttpRequest, job_id: int) -> ImportJob:
    return get_scoped_or_404(ImportJob.objects.all(), request.user, pk=job_id)


@router.get("/imports/{job_id}/issues", response=list[IssueOut])
def import_issues(request: HttpRequest, job_id: int, offset: Offset = 0) -> Any:
    job = get_scoped_or_404(ImportJob.objects.all(), request.user, pk=job_id)
    out = []
    for issue in job.issues.order_by("row", "id")[offset : offset + PAGE]:
        message, fix = describe(issue.code, issue.params)
        out.append(
            IssueOut(
                row=issue.row,
                column=issue.column,
                value=issue.value,
                severity=issue.severity,
                code=issue.code,
                message=message,
                fix=fix,
            )
        )
    return out


@router.post("/imports", response={201: ImportJobOut, 200: ImportJobOut})
def import_upload(request: HttpRequest, kind: Form[str], file: File[UploadedFile], agency_id: Form[int] = 0) -> Any:
    """Upload a worker list; small files come back validated, big ones validate in the background."""
    if kind not in ImportKind.values:
        raise HttpError(422, f"kind must be one of {ImportKind.values}")
    require(
        request.user,
        Action.IMPORT_EMPLOYER_WORKERS if kind == ImportKind.EMPLOYER_WORKERS else Action.IMPORT_AGENCY_PROPOSALS,
    )
    agency = user_agency(request.user)
    if agency is None and agency_id:
        agency = get_scoped_or_404(Agency.objects.all(), request.user, pk=agency_id)
    try:
        upload = imports.import_job_create(
            user=request.user,
            kind=kind,
            region=user_region(request.user),
            file_name=file.name or "upload",
            data=file.read(),
            agency=agency if kind == ImportKind.AGENCY_PROPOSALS else None,
        )
    except ValidationError as exc:
        raise _invalid(exc) from exc
    if upload.duplicate:
        return Status(200, upload.job)
    return Status(201, tasks.start_validation(upload.job))


class ConfirmIn(Schema):
    mode: str = "all_or_nothing"


@router.post("/imports/{job_id}/confirm", response=ImportJobOut)
def import_confirm(request: HttpRequest, job_id: int, payload: ConfirmIn) -> Any:
    job = get_scoped_or_404(
        ImportJob.objects.select_related("region", "employer", "agency", "uploaded_by"), request.user, pk=job_id
    )
    try:
        require(
            request.user,
            Action.IMPORT_EMPLOYER_WORKERS
            if job.kind == ImportKind.EMPLOYER_WORKERS
            else Action.IMPORT_AGENCY_PROPOSALS,
        )
    except PermissionDenied as exc:
        raise HttpError(403, "not allowed") from exc
    try:
        job = imports.import_job_confirm(job=job, mode=payload.mode)
    except ValidationError as exc:
        raise _invalid(exc) from exc
    return tasks.start_import(job)
