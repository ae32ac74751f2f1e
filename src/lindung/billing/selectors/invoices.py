"""Reads of runs, invoices and their lines, always within the user's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from lindung.billing import codes, rules_adapter
from lindung.billing.models import BillingAccount, BillingRun, Invoice, InvoiceStatus, Line, LineKind
from lindung.core.models import Region
from lindung.core.roles import Role
from lindung.core.scoping import get_scoped_or_404, scope_for, scoped
from lindung.registry.models import Membership


def run_list(*, user: Any) -> QuerySet[BillingRun]:
    return scoped(BillingRun.objects.select_related("region"), user).order_by("-period", "region__code")


def billing_regions(*, user: Any) -> QuerySet[Region]:
    """Regions the user may bill (branch officers: their branch's regions; admin: all)."""
    scope = scope_for(user)
    if scope is None or scope.role not in {Role.BRANCH_OFFICER, Role.ADMIN}:
        return Region.objects.none()
    return scoped(Region.objects.all(), user).order_by("code")


def invoice_list(
    *, user: Any, period: dt.date | None = None, status: str | None = None, account: BillingAccount | None = None
) -> QuerySet[Invoice]:
    qs = scoped(Invoice.objects.select_related("account__employer", "account__worker", "account__region"), user)
    if period is not None:
        qs = qs.filter(period=period)
    if status == "unpaid":
        qs = qs.filter(status__in=[InvoiceStatus.OPEN, InvoiceStatus.PARTIAL])
    elif status:
        qs = qs.filter(status=status)
    if account is not None:
        qs = qs.filter(account=account)
    return qs.order_by("-period", "account_id")


def invoice_get(*, user: Any, code: str) -> Invoice:
    """The invoice named by ``code`` inside the user's scope, else 404."""
    key = codes.parse_invoice_code(code)
    if key is None:
        raise Http404
    query = Invoice.objects.select_related("account__employer", "account__worker", "account__region", "run")
    return get_scoped_or_404(query, user, account_id=key.account_id, period=key.period)


def invoice_lines(*, user: Any, invoice: Invoice) -> QuerySet[Line]:
    """The lines of an invoice, regular first, in membership order."""
    qs = Line.objects.filter(run_id=invoice.run_id, account_id=invoice.account_id)
    return scoped(qs, user).order_by("kind", "membership_id", "covers_period")


@dataclass(frozen=True)
class LineRow:
    line: Line
    worker_name: str
    nik_masked: str
    agency: str
    #: The discounts the line's stored inputs earned in its month (name, programmes, value, regulation).
    discounts: tuple[dict[str, str], ...] = ()


def line_discounts(line: Line) -> tuple[dict[str, str], ...]:
    """The discounts of a contribution line (padat karya, BPU transport, JP deferral), each with its regulation."""
    if line.kind == LineKind.FINE:
        return ()
    return rules_adapter.discounts_applied(
        segment=line.segment,
        period=line.covers_period,
        sector=line.sector,
        participants=line.participants,
        funded_by=line.funded_by,
        jp_deferral=bool(line.jp_deferral),
    )


def line_rows(lines: list[Line]) -> list[LineRow]:
    """Lines with the worker's name and masked NIK (one query for the page)."""
    ids = {line.membership_id for line in lines if line.membership_id}
    members = {
        m.pk: m
        for m in Membership.objects.filter(pk__in=ids)
        .select_related("worker", "agency")
        .only("pk", "worker__name", "worker__nik_masked", "agency__name")
    }
    rows = []
    for line in lines:
        m = members.get(line.membership_id)
        rows.append(
            LineRow(
                line,
                m.worker.name if m else "",
                m.worker.nik_masked if m else "",
                m.agency.name if m and m.agency else "",
                line_discounts(line),
            )
        )
    return rows


def own_accounts(*, user: Any) -> QuerySet[BillingAccount]:
    """The accounts of an employer or a self-paying worker (their statement)."""
    scope = scope_for(user)
    if scope is None or scope.role not in {Role.EMPLOYER, Role.WORKER}:
        return BillingAccount.objects.none()
    return scoped(BillingAccount.objects.select_related("employer", "worker", "region"), user)


def worker_contributions(*, user: Any) -> QuerySet[Line]:
    """A worker's own lines (on its employer's invoices or its own), newest first."""
    scope = scope_for(user)
    if scope is None or scope.role != Role.WORKER:
        return Line.objects.none()
    memberships = list(Membership.objects.filter(worker=scope.worker_id).values_list("pk", "employer_id"))
    payers = Q(kind="self", ref=scope.worker_id) | Q(kind="employer", ref__in=[e for _m, e in memberships if e])
    payers |= Q(kind__in=["city_programme", "sponsor"], ref__in=scope.region_ids)
    # Leading with the run and the account lets the line key answer without a scan of every line.
    qs = Line.objects.filter(
        run_id__in=BillingRun.objects.values("pk"),
        account_id__in=BillingAccount.objects.filter(payers).values("pk"),
        membership_id__in=[m for m, _e in memberships],
        kind__in=[LineKind.REGULAR, LineKind.ADJUSTMENT],
    )
    return scoped(qs, user).order_by("-covers_period")
