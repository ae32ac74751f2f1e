"""Arrears with ageing and dunning letters, employer compliance, account statements, the city's bill."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lindung.billing import exports, selectors
from lindung.billing.models import BillingAccount
from lindung.billing.services.runs import period_parse
from lindung.billing.views.common import (
    LETTER_ISSUERS,
    OVERSIGHT,
    date_param,
    require_role,
    role_of,
    run_service,
    today,
)
from lindung.core.models import Region
from lindung.core.roles import Role
from lindung.core.scoping import get_scoped_or_404, scoped
from lindung.web.refusals import refusal

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMPLIANCE_PAGE = 50


def _download(content: bytes, kind: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def arrears(request: HttpRequest) -> HttpResponse:
    require_role(request.user, OVERSIGHT)
    as_of = today()
    page = Paginator(selectors.arrears_list(user=request.user, as_of=as_of), 50).get_page(request.GET.get("page"))
    rows = selectors.arrears_rows(list(page), user=request.user, as_of=as_of)
    totals = selectors.arrears_totals(user=request.user, as_of=as_of)
    can_issue_letter = role_of(request.user) in LETTER_ISSUERS
    context = {"page": page, "rows": rows, "totals": totals, "as_of": as_of, "can_issue_letter": can_issue_letter}
    return render(request, "billing/arrears.html", context)


@login_required
def dunning_letter(request: HttpRequest, account_id: int) -> HttpResponse:
    """The letter is signed by BPJS: a role that sees the arrears but does not speak for BPJS gets a 403."""
    require_role(request.user, OVERSIGHT)
    if role_of(request.user) not in LETTER_ISSUERS:
        raise PermissionDenied(
            refusal(
                request.user,
                _(
                    "Surat teguran ditandatangani atas nama BPJS Ketenagakerjaan: hanya petugas cabang BPJS atau "
                    "administrator yang dapat menerbitkannya."
                ),
            )
        )
    account = get_scoped_or_404(
        BillingAccount.objects.select_related("employer", "region"), request.user, pk=account_id
    )
    as_of = today()
    row = selectors.account_arrears(account=account, user=request.user, as_of=as_of)
    if row is None:
        raise Http404
    return _download(exports.dunning_pdf(row, as_of=as_of), PDF, f"teguran-{account.va_number}-{as_of}.pdf")


@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    require_role(request.user, OVERSIGHT)
    rows = selectors.employer_compliance(user=request.user, as_of=today())
    page = Paginator(rows, COMPLIANCE_PAGE).get_page(request.GET.get("page"))
    return render(request, "billing/compliance.html", {"rows": page, "page": page, "count": len(rows)})


@login_required
def my_statement(request: HttpRequest) -> HttpResponse:
    """The payer's own statement; without one (a worker whose employer pays, an employer not billed yet) the
    tab leads to the invoice page with a word why, not to a 404."""
    account = selectors.own_accounts(user=request.user).first()
    if account is not None:  # the date range asked for (``?dari=…&sampai=…``) goes along
        target = reverse("billing_statement", kwargs={"account_id": account.pk})
        query = request.GET.urlencode()
        return redirect(f"{target}?{query}" if query else target)
    role = role_of(request.user)
    if role == Role.WORKER:
        messages.info(
            request,
            _(
                "Iuran Anda dibayar oleh pemberi kerja atau program kota: Anda tidak punya rekening iuran sendiri. "
                "Iuran bulanan Anda ada di halaman ini."
            ),
        )
    elif role == Role.EMPLOYER:
        messages.info(request, _("Belum ada tagihan untuk pemberi kerja Anda, jadi rekening iuran belum dibuka."))
    else:
        raise Http404
    return redirect("billing_invoices")


def _statement(request: HttpRequest, account_id: int) -> selectors.statements.Statement:
    account = get_scoped_or_404(
        BillingAccount.objects.select_related("employer", "worker", "region"), request.user, pk=account_id
    )
    end = date_param(request, "sampai", today())
    start = date_param(request, "dari", dt.date(max(end.year - 1, dt.MINYEAR), end.month, 1))
    start, end = min(start, end), max(start, end)  # dates typed the wrong way round still mean that range
    return selectors.account_statement(account=account, start=start, end=end)


@login_required
def statement(request: HttpRequest, account_id: int) -> HttpResponse:
    return render(request, "billing/statement.html", {"statement": _statement(request, account_id)})


@login_required
def statement_pdf(request: HttpRequest, account_id: int) -> HttpResponse:
    data = _statement(request, account_id)
    return _download(exports.statement_pdf(data), PDF, f"rekening-{data.account.va_number}.pdf")


@login_required
def statement_xlsx(request: HttpRequest, account_id: int) -> HttpResponse:
    data = _statement(request, account_id)
    return _download(exports.statement_xlsx(data), XLSX, f"rekening-{data.account.va_number}.xlsx")


@login_required
def city_bill(request: HttpRequest) -> HttpResponse:
    require_role(request.user, OVERSIGHT)
    region = (
        scoped(Region.objects.filter(code=settings.LINDUNG_REGION), request.user).first()
        or scoped(Region.objects.order_by("code"), request.user).first()
    )
    if region is None:
        raise Http404
    period = run_service(request, lambda: period_parse(request.GET["periode"])) if request.GET.get("periode") else None
    account = selectors.city_account(user=request.user, region=region)
    invoices = list(account.invoices.order_by("-period")[:12]) if account else []
    period = period or (invoices[0].period if invoices else None)
    bill = selectors.city_bill(user=request.user, region=region, period=period) if period else None
    context = {"region": region, "account": account, "invoices": invoices, "bill": bill, "period": period}
    return render(request, "billing/city_bill.html", context)
