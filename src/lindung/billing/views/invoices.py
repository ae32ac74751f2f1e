"""Invoices: the list in scope, one invoice with its lines, and a payment entered by hand."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lindung.billing import selectors, services
from lindung.billing.forms import PaymentForm
from lindung.billing.models import Allocation, InvoiceStatus
from lindung.billing.services.runs import period_parse
from lindung.billing.views.common import OFFICERS, role_of, run_service, today
from lindung.core.scoping import scoped
from lindung.web.templatetags.lindung_format import number_text

#: The statuses the list can be filtered by: each invoice status, and "unpaid" (open or partly paid).
STATUS_FILTERS = frozenset({"unpaid", *InvoiceStatus.values})


@login_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    period = None
    if request.GET.get("periode"):
        period = run_service(request, lambda: period_parse(request.GET["periode"]))
    status = request.GET.get("status", "")
    if status and status not in STATUS_FILTERS:  # an edited or stale link: say so and list every status
        messages.info(request, _("Status pada saringan tidak dikenal; tagihan dengan semua status ditampilkan."))
        status = ""
    invoices = selectors.invoice_list(user=request.user, period=period, status=status or None)
    if request.GET.get("periode") and period is None:  # a period that could not be read lists nothing, not all
        invoices = invoices.none()
    page = Paginator(invoices, 50).get_page(request.GET.get("page"))
    accounts = selectors.own_accounts(user=request.user)
    contributions = selectors.worker_contributions(user=request.user)[:24]
    context = {
        "page": page,
        "status": status,
        "period": request.GET.get("periode", ""),
        "statuses": InvoiceStatus.choices,
        "filtered": bool(request.GET.get("periode") or status),
        "accounts": accounts,
        "contributions": contributions,
        # A worker whose employer or the city pays has no invoice to see: only their own contributions then.
        "invoices_shown": bool(accounts) or invoices.exists() or not contributions,
    }
    return render(request, "billing/invoice_list.html", context)


@login_required
def invoice_detail(request: HttpRequest, code: str) -> HttpResponse:
    invoice = selectors.invoice_get(user=request.user, code=code)
    form = PaymentForm(request.POST or None, initial={"amount": invoice.outstanding or None, "received_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        receipt = run_service(
            request,
            lambda: services.payment_record(
                user=request.user,
                invoice=invoice,
                amount=data["amount"],
                received_on=data["received_on"],
                reference=data["reference"],
            ),
        )
        if receipt is not None:
            messages.success(request, _("Pembayaran dicatat."))
            if receipt.unallocated:
                messages.info(
                    request,
                    _("Kelebihan bayar Rp %(c)s dicatat sebagai kredit.")
                    % {"c": number_text(receipt.unallocated)},  # 1.234 in Bahasa Indonesia, 1,234 in English
                )
            return redirect("billing_invoice_detail", code=invoice.code)
    lines = Paginator(selectors.invoice_lines(user=request.user, invoice=invoice), 50).get_page(request.GET.get("page"))
    allocations = scoped(Allocation.objects.filter(invoice=invoice), request.user).select_related("receipt")
    context = {
        "invoice": invoice,
        "lines": lines,
        "rows": selectors.line_rows(list(lines)),
        "form": form,
        "allocations": allocations,
        "can_pay": role_of(request.user) in OFFICERS,
        "late_fines": invoice.late_fines.all(),
    }
    return render(request, "billing/invoice_detail.html", context)
