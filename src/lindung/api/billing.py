"""Billing over REST: runs, invoices, payments, bank statements, arrears and suspense, each within the caller's scope.

An invoice, a run, a statement job or an account outside the scope answers 404; a refusal of a service (a bad
period, a payment by a role that may not record one, a statement already imported) answers 400 with the service's
message. A bank statement is a background job: the upload answers 202 with the job's status URL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from lindung.api.params import Page
from lindung.billing import selectors, services, tasks
from lindung.billing.models import BillingRun, Invoice, StatementImportJob
from lindung.billing.selectors.arrears import age_days, bucket_of
from lindung.core.models import Region
from lindung.core.scoping import get_scoped_or_404

router = Router(tags=["billing"])
PAGE = 100


class RunIn(Schema):
    period: str
    region_code: str | None = None


class RunOut(Schema):
    id: int
    region_code: str
    period: str
    status: str
    phase: str
    percent: int
    rows_done: int
    adjustment_lines: int
    fine_lines: int
    invoices_created: int
    rules_version: str
    #: The kind of error a failed run stopped with (``IntegrityError``), as the run page shows it; the message
    #: after it can quote a row's values (a NIK, a name), so it is never returned. Empty otherwise.
    error: str

    @staticmethod
    def of(run: BillingRun) -> RunOut:
        return RunOut(
            id=run.pk,
            region_code=run.region.code,
            period=f"{run.period:%Y-%m}",
            status=run.status,
            phase=run.phase,
            percent=run.percent,
            rows_done=run.rows_done,
            adjustment_lines=run.adjustment_lines,
            fine_lines=run.fine_lines,
            invoices_created=run.invoices_created,
            rules_version=run.rules_version,
            error=selectors.run_error_kind(run),
        )


class InvoiceOut(Schema):
    """An invoice: ``amount_due`` = ``jkk + jkm + jht + jp + fine_total``; the four programmes already include
    ``adjustment_total`` (earlier months' corrections), which is shown apart, never to be added again."""

    code: str
    period: str
    payer: str
    payer_kind: str
    virtual_account: str
    segment: str
    due_date: dt.date
    jkk: int
    jkm: int
    jht: int
    jp: int
    adjustment_total: int
    fine_total: int
    amount_due: int
    paid_amount: int
    outstanding: int
    line_count: int
    status: str

    @staticmethod
    def of(inv: Invoice) -> InvoiceOut:
        return InvoiceOut(
            code=inv.code,
            period=f"{inv.period:%Y-%m}",
            payer=inv.account.label,
            payer_kind=inv.account.kind,
            virtual_account=inv.account.va_number,
            segment=inv.segment,
            due_date=inv.due_date,
            jkk=inv.jkk,
            jkm=inv.jkm,
            jht=inv.jht,
            jp=inv.jp,
            adjustment_total=inv.adjustment_total,
            fine_total=inv.fine_total,
            amount_due=inv.amount_due,
            paid_amount=inv.paid_amount,
            outstanding=inv.outstanding,
            line_count=inv.line_count,
            status=inv.status,
        )


class PaymentIn(Schema):
    invoice_code: str
    amount: int
    received_on: dt.date
    reference: str = ""


class PaymentOut(Schema):
    receipt_id: int
    allocated: int
    credit: int
    invoice: InvoiceOut


class ArrearsOut(Schema):
    account_id: int
    payer: str
    invoices: int
    oldest_due: dt.date
    total: int
    d0_30: int
    d31_60: int
    d61_90: int
    d90_plus: int
    accrued_fine: int


class SuspenseOut(Schema):
    receipt_id: int
    received_on: dt.date
    age_days: int
    bucket: str
    amount: int
    reference: str
    virtual_account: str
    payer_name: str


class StatementJobOut(Schema):
    id: int
    region_code: str
    file_name: str
    status: str  # queued, running, done or failed
    phase: str  # while running: reading, matching or recording
    done_lines: int
    total_lines: int
    statement_id: int | None  # when done: the import, with its counts below
    new_count: int
    matched_count: int
    suspense_count: int
    already_imported_count: int
    total_amount: int
    messages: list[str]  # when failed: each bad line (by number) and that nothing was recorded
    status_url: str
    created_at: dt.datetime
    finished_at: dt.datetime | None


def _statement_job(job: StatementImportJob) -> dict[str, Any]:
    counts = ("new_count", "matched_count", "suspense_count", "already_imported_count", "total_amount")
    fields = ("id", "file_name", "status", "phase", "done_lines", "total_lines", "statement_id", "created_at",
              "finished_at")  # fmt: skip
    return {
        **{f: getattr(job, f) for f in fields},
        **{c: getattr(job.statement, c) if job.statement else 0 for c in counts},
        "region_code": job.region.code,
        "messages": services.statement_job_messages(job),
        "status_url": reverse("api-v1:billing_statement_job_get", kwargs={"job_id": job.pk}),
    }


def _refusal(exc: ValidationError) -> HttpError:
    return HttpError(400, " ".join(exc.messages))


@router.get("/billing/runs", response=list[RunOut])
def runs(request: HttpRequest, page: Page = 1) -> list[RunOut]:
    """Runs in scope, newest month first, 100 a page."""
    start = (page - 1) * PAGE
    return [RunOut.of(r) for r in selectors.run_list(user=request.user)[start : start + PAGE]]


@router.post("/billing/runs", response={202: RunOut})
def run_start(request: HttpRequest, payload: RunIn) -> Status[RunOut]:
    """Start (or find) the run of a month and hand it to the task worker; poll GET /billing/runs/{id}.

    409 when the run is already queued or running: nothing is queued twice."""
    regions = selectors.billing_regions(user=request.user)
    region: Region | None = regions.filter(code=payload.region_code).first() if payload.region_code else regions.first()
    if region is None:
        raise Http404
    try:
        run = services.billing_run_start(region=region, period=services.period_parse(payload.period), user=request.user)
        return Status(202, RunOut.of(services.billing_run_enqueue(run=run)))
    except services.RunAlreadyQueued as busy:  # nothing queued twice
        raise HttpError(409, busy.messages[0]) from None
    except ValidationError as exc:
        raise _refusal(exc) from None


@router.get("/billing/runs/{run_id}", response=RunOut)
def run_get(request: HttpRequest, run_id: int) -> RunOut:
    return RunOut.of(get_scoped_or_404(BillingRun.objects.select_related("region"), request.user, pk=run_id))


@router.get("/billing/invoices", response=list[InvoiceOut])
def invoices(
    request: HttpRequest, period: str | None = None, status: str | None = None, page: Page = 1
) -> list[InvoiceOut]:
    try:
        month = services.period_parse(period) if period else None
    except ValidationError as exc:
        raise _refusal(exc) from None
    qs = selectors.invoice_list(user=request.user, period=month, status=status)
    start = (page - 1) * PAGE
    return [InvoiceOut.of(inv) for inv in qs[start : start + PAGE]]


@router.get("/billing/invoices/{code}", response=InvoiceOut)
def invoice_get(request: HttpRequest, code: str) -> InvoiceOut:
    return InvoiceOut.of(selectors.invoice_get(user=request.user, code=code))


@router.post("/billing/payments", response={201: PaymentOut})
def payment_record(request: HttpRequest, payload: PaymentIn) -> Status[PaymentOut]:
    """Record a payment for an invoice of the caller's scope (404 outside it)."""
    invoice = selectors.invoice_get(user=request.user, code=payload.invoice_code)
    try:
        receipt = services.payment_record(
            user=request.user,
            invoice=invoice,
            amount=payload.amount,
            received_on=payload.received_on,
            reference=payload.reference,
        )
    except ValidationError as exc:
        raise _refusal(exc) from None
    invoice = selectors.invoice_get(user=request.user, code=payload.invoice_code)
    out = PaymentOut(
        receipt_id=receipt.pk,
        allocated=receipt.amount - receipt.unallocated,
        credit=receipt.unallocated,
        invoice=InvoiceOut.of(invoice),
    )
    return Status(201, out)


@router.post("/billing/statements", response={202: StatementJobOut})
def statement_upload(
    request: HttpRequest, file: File[UploadedFile], region_code: Form[str | None] = None
) -> Status[dict[str, Any]]:
    """Upload a bank statement CSV; the task worker records it (every line or none): poll ``status_url``."""
    regions = selectors.billing_regions(user=request.user)
    region: Region | None = regions.filter(code=region_code).first() if region_code else regions.first()
    if region is None:
        raise Http404
    try:
        job = services.statement_job_create(
            user=request.user, region=region, filename=file.name or "", content=file.read()
        )
    except ValidationError as exc:
        raise _refusal(exc) from None
    tasks.statement_import_task.enqueue(job.pk)
    return Status(202, _statement_job(job))


@router.get("/billing/statement-jobs/{job_id}", response=StatementJobOut, url_name="billing_statement_job_get")
def statement_job_get(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """A statement upload's progress, then its counts or its problems."""
    jobs = StatementImportJob.objects.select_related("region", "statement")
    return _statement_job(get_scoped_or_404(jobs, request.user, pk=job_id))


@router.get("/billing/arrears", response=list[ArrearsOut])
def arrears(request: HttpRequest, page: Page = 1) -> list[ArrearsOut]:
    """Payers in arrears, largest first, 100 a page."""
    as_of = timezone.localdate()
    start = (page - 1) * PAGE
    rows = selectors.arrears_rows(
        selectors.arrears_list(user=request.user, as_of=as_of)[start : start + PAGE], user=request.user, as_of=as_of
    )
    return [
        ArrearsOut(
            account_id=r.account.pk,
            payer=r.account.label,
            invoices=r.invoices,
            oldest_due=r.oldest_due,
            total=r.total,
            accrued_fine=r.fine,
            **r.buckets,
        )
        for r in rows
    ]


@router.get("/billing/suspense", response=list[SuspenseOut])
def suspense(request: HttpRequest, page: Page = 1) -> list[SuspenseOut]:
    """Receipts no payer has been found for yet, oldest first, with their age (the branch's and auditors' view)."""
    as_of = timezone.localdate()
    start = (page - 1) * PAGE
    out = []
    for r in selectors.suspense_list(user=request.user)[start : start + PAGE]:
        age = age_days(r.received_on, as_of)
        out.append(
            SuspenseOut(
                receipt_id=r.pk,
                received_on=r.received_on,
                age_days=age,
                bucket=bucket_of(age),
                amount=r.amount,
                reference=r.reference,
                virtual_account=r.virtual_account,
                payer_name=r.payer_name,
            )
        )
    return out
