"""Payments: upload a bank statement (recorded by the task worker); receipts in suspense and their assignment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.billing import codes, selectors, services, tasks
from lindung.billing.forms import AssignForm, StatementForm
from lindung.billing.models import BillingAccount, Invoice, Receipt, StatementImport, StatementImportJob
from lindung.billing.selectors.arrears import BUCKETS, age_days, bucket_of
from lindung.billing.views.common import BRANCH, OFFICERS, require_role, role_of, run_service, today
from lindung.core.jobs import jobs_shown
from lindung.core.scoping import get_scoped_or_404, scoped

RECENT_JOBS = 5


@login_required
def statement_import(request: HttpRequest) -> HttpResponse:
    """Upload a statement: the file is kept and queued; the task worker records it while the page polls."""
    require_role(request.user, OFFICERS)
    regions = selectors.billing_regions(user=request.user)
    form = StatementForm(request.POST or None, request.FILES or None)
    chosen = request.POST.get("region", "")
    region = (regions.filter(pk=chosen).first() if chosen.isdigit() else None) if chosen else regions.first()
    if request.method == "POST" and region is None:  # never another region than the one chosen
        form.add_error(None, _("Pilih wilayah dari daftar: wilayah ini tidak dikenal atau di luar cakupan Anda."))
    if request.method == "POST" and form.is_valid() and region is not None:
        upload = form.cleaned_data["file"]
        job = run_service(
            request,
            lambda: services.statement_job_create(
                user=request.user, region=region, filename=upload.name or "", content=b"".join(upload.chunks())
            ),
        )
        if job is not None:
            tasks.statement_import_task.enqueue(job.pk)
            messages.success(request, _("Berkas diterima dan diproses di latar belakang; kemajuannya tampil di bawah."))
            return redirect("billing_statement_import")
    jobs = jobs_shown(scoped(StatementImportJob.objects.select_related("statement"), request.user)[:RECENT_JOBS])
    imports = scoped(StatementImport.objects.select_related("region", "imported_by"), request.user)[:20]
    context = {
        "form": form,
        "imports": imports,
        "regions": regions,
        "jobs": [(job, services.statement_job_messages(job)) for job in jobs],
    }
    return render(request, "billing/statement_import.html", context)


@login_required
def statement_job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the import page polls; when the job stops running it asks for a full reload."""
    require_role(request.user, OFFICERS)
    [job] = jobs_shown([get_scoped_or_404(StatementImportJob.objects.all(), request.user, pk=pk)])
    response = render(request, "billing/_statement_progress.html", {"job": job})
    if not job.is_running:
        response["HX-Refresh"] = "true"
    return response


@login_required
def suspense(request: HttpRequest) -> HttpResponse:
    require_role(request.user, BRANCH)
    as_of = today()
    page = Paginator(selectors.suspense_list(user=request.user), 50).get_page(request.GET.get("page"))
    rows = [(r, age_days(r.received_on, as_of), bucket_of(age_days(r.received_on, as_of))) for r in page]
    context = {
        "page": page,
        "rows": rows,
        "totals": selectors.suspense_totals(user=request.user, as_of=as_of),
        "buckets": BUCKETS,
        "form": AssignForm(),
        "can_assign": role_of(request.user) in OFFICERS,  # the auditor reads the list; officers match receipts
    }
    return render(request, "billing/suspense.html", context)


def _target(request: HttpRequest, receipt: Receipt, text: str) -> tuple[BillingAccount, Invoice | None]:
    """The payer (and invoice) an officer named by invoice code or virtual account, within scope.

    A code that names nothing in scope is a typo to correct on the same page: the same message whether the
    invoice does not exist or lies outside the scope, so nothing is revealed.
    """
    key = codes.parse_invoice_code(text)
    if key is not None:
        invoices = scoped(Invoice.objects.select_related("account"), request.user)
        invoice = invoices.filter(account_id=key.account_id, period=key.period).first()
        if invoice is None:
            raise ValidationError(_("Tagihan %(code)s tidak ada di wilayah Anda; periksa kodenya.") % {"code": text})
        return invoice.account, invoice
    account_id = codes.parse_va(text, receipt.region.code)
    if account_id is None:
        raise ValidationError(_("Tulis kode tagihan (mis. TG-2601-00001234-7) atau nomor virtual account yang benar."))
    account = scoped(BillingAccount.objects.all(), request.user).filter(pk=account_id).first()
    if account is None:
        raise ValidationError(_("Virtual account %(va)s tidak ada di wilayah Anda; periksa nomornya.") % {"va": text})
    return account, None


@login_required
def suspense_assign(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, OFFICERS)
    receipt = get_scoped_or_404(Receipt.objects.select_related("region"), request.user, pk=pk, account__isnull=True)
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def assign() -> Receipt:
            account, invoice = _target(request, receipt, form.cleaned_data["target"])
            return services.receipt_assign(user=request.user, receipt=receipt, account=account, invoice=invoice)

        if run_service(request, assign) is not None:
            messages.success(request, _("Penerimaan dicocokkan dan dialokasikan."))
    for error in form.errors.get("target", []):
        messages.error(request, str(error))
    return redirect("billing_suspense")
