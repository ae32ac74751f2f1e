"""The programme's budget ledger in rupiah, as of a day.

- realised: member-months already elapsed, priced by the rules month by month;
- committed: members enrolled now × the months remaining (this month to the programme's last), priced likewise;
- reserved: rows the finance office confirmed that the branch has not enrolled yet, at the programme's basis;
- billed / paid: the city's invoices (``billing_feed``), matched month by month against the ledger;
- remaining = pagu − realised − committed − reserved. It may go below zero (a rate rise, members added outside
  the proposals): then it is shown negative with an alert, never clamped. The services refuse any step that
  would take it below zero themselves.

The ledger is an aggregate of one programme: whoever may see the programme may see it (no personal data).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lindung.programmes import billing_feed
from lindung.programmes import rules_adapter as rules
from lindung.programmes.models import FULL_SHARE, Programme, ProgrammeStatus, ProposalRow, ProposalStatus, RowStatus
from lindung.programmes.selectors import pricing

LOW_REMAINING_SHARE = 10  # % of the pagu under which the ledger warns
LAPSE_WARNING_DAYS = 92  # from October: the next year's programme must be in place before January


@dataclass(frozen=True)
class Alert:
    level: str  # bootstrap colour: danger, warning, info
    code: str
    message: str


@dataclass(frozen=True)
class LedgerMonth:
    period: dt.date
    members: int
    cost: int
    billed: int
    fines: int
    paid: int
    elapsed: bool
    difference: int | None  # billed − cost, where a bill exists


@dataclass
class Ledger:
    programme: Programme
    as_of: dt.date
    budget: int
    realised: int
    committed: int
    reserved: int
    pipeline: int
    billed: int
    paid: int
    members_active: int
    new_worker_cost: int
    new_worker_months: int
    months: list[LedgerMonth]
    bill_available: bool
    bill_note: str
    funding: list[tuple[str, str, float, int]]  # source label, name, percent, rupiah
    alerts: list[Alert] = field(default_factory=list)
    complete: bool = True

    @property
    def remaining(self) -> int:
        return self.budget - self.realised - self.committed - self.reserved

    @property
    def headroom(self) -> int:
        """How many more workers the remaining budget covers from this month to the programme's end."""
        if self.remaining <= 0 or self.new_worker_cost <= 0:
            return 0
        return self.remaining // self.new_worker_cost

    @property
    def used_percent(self) -> float:
        return round(100 * (self.budget - self.remaining) / self.budget, 1) if self.budget else 0.0


def funding_split(programme: Programme) -> list[tuple[str, str, float, int]]:
    """Each source's share of the pagu in rupiah; the rounding remainder goes to the first source."""
    shares = list(programme.funding.all())
    amounts = [programme.budget * s.share_bp // FULL_SHARE for s in shares]
    if amounts and sum(s.share_bp for s in shares) == FULL_SHARE:
        amounts[0] += programme.budget - sum(amounts)
    return [(s.get_source_display(), s.name, s.percent, a) for s, a in zip(shares, amounts, strict=True)]


def pending_rows(programme: Programme, statuses: tuple[str, ...]) -> int:
    return ProposalRow.objects.filter(
        proposal__programme=programme, proposal__status__in=statuses, status=RowStatus.PENDING
    ).count()


def remaining_months(programme: Programme, as_of: dt.date) -> list[int]:
    """Month codes from the later of this month and the programme's first month, to its last month."""
    start = max(pricing.month_code(as_of), rules.month_index(programme.year, programme.first_month))
    return [m for m in pricing.programme_months(programme.year, programme.first_month, programme.last_month)
            if m >= start]  # fmt: skip


def programme_ledger(*, programme: Programme, as_of: dt.date) -> Ledger:
    months = pricing.programme_months(programme.year, programme.first_month, programme.last_month)
    ahead = remaining_months(programme, as_of)
    now = pricing.month_code(as_of)
    alerts: list[Alert] = []
    try:
        members = pricing.city_members(region=programme.region, start=programme.start, end=programme.end)
        totals = pricing.month_totals(members, months)
        new_cost = pricing.worker_cost(programme.declared_income, programme.programs, ahead)
    except rules.PricingError as exc:
        alerts.append(Alert("danger", "pricing", _("Iuran tidak dapat dihitung oleh aturan: %(e)s") % {"e": exc}))
        totals, new_cost = pricing.MonthTotals(months, [0] * len(months), [0] * len(months)), 0
    feed = billing_feed.city_bills(region=programme.region, year=programme.year)
    rows = _months(totals, feed, now)
    ledger = Ledger(
        programme=programme, as_of=as_of, budget=programme.budget,
        realised=sum(r.cost for r in rows if r.elapsed), committed=sum(r.cost for r in rows if not r.elapsed),
        reserved=pending_rows(programme, (ProposalStatus.BUDGETED,)) * new_cost,
        pipeline=pending_rows(programme, (ProposalStatus.SUBMITTED, ProposalStatus.VERIFIED)) * new_cost,
        billed=feed.billed, paid=feed.paid, members_active=_active_now(totals, now, programme, as_of),
        new_worker_cost=new_cost, new_worker_months=len(ahead), months=rows, bill_available=feed.available,
        bill_note=feed.note, funding=funding_split(programme), alerts=alerts, complete=not alerts,
    )  # fmt: skip
    ledger.alerts.extend(ledger_alerts(ledger))
    return ledger


def _active_now(totals: pricing.MonthTotals, now: int, programme: Programme, as_of: dt.date) -> int:
    if as_of > programme.end:
        return totals.members[-1] if totals.members else 0
    index = max(0, min(now - totals.months[0], len(totals.months) - 1)) if totals.months else 0
    return totals.members[index] if totals.members else 0


def _months(totals: pricing.MonthTotals, feed: billing_feed.BillFeed, now: int) -> list[LedgerMonth]:
    out = []
    for month, members, cost in zip(totals.months, totals.members, totals.costs, strict=True):
        period = rules.month_start(month)
        bill = feed.months.get(period)
        out.append(LedgerMonth(
            period=period, members=members, cost=cost, billed=bill.billed if bill else 0,
            fines=bill.fines if bill else 0, paid=bill.paid if bill else 0, elapsed=month < now,
            difference=(bill.billed - cost) if bill else None,
        ))  # fmt: skip
    return out


def ledger_alerts(ledger: Ledger) -> list[Alert]:
    alerts = _budget_alerts(ledger)
    alerts.extend(_lapse_alerts(ledger))
    mismatched = [m for m in ledger.months if m.difference]
    if mismatched:
        listed = ", ".join(f"{m.period:%m/%Y} ({m.difference:+,})".replace(",", ".") for m in mismatched)
        message = _("Tagihan kota berbeda dari buku besar pada bulan: %(months)s.") % {"months": listed}
        alerts.append(Alert("warning", "bill_mismatch", message))
    if ledger.bill_note:
        message = _("Tagihan dan pembayaran: %(note)s") % {"note": ledger.bill_note}
        alerts.append(Alert("info", "bill_unavailable" if not ledger.bill_available else "bill_none", message))
    return alerts


def _rp(amount: int) -> str:
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def _budget_alerts(ledger: Ledger) -> list[Alert]:
    remaining, ended = ledger.remaining, ledger.as_of > ledger.programme.end
    if remaining < 0:
        return [Alert("danger", "overrun", _(
            "Anggaran terlampaui %(amount)s: yang terpakai, terikat dan dicadangkan melebihi pagu. Tambah pagu atau "
            "jangan menambah peserta.") % {"amount": _rp(-remaining)})]  # fmt: skip
    if ended or ledger.new_worker_cost <= 0:
        return []
    if ledger.headroom == 0:
        return [Alert("warning", "full", _(
            "Sisa anggaran %(left)s tidak cukup untuk satu pekerja baru sampai akhir program (%(cost)s per pekerja)."
        ) % {"left": _rp(remaining), "cost": _rp(ledger.new_worker_cost)})]  # fmt: skip
    if remaining * 100 < ledger.budget * LOW_REMAINING_SHARE:
        return [Alert("warning", "low", _("Sisa anggaran tinggal %(left)s: cukup untuk %(n)s pekerja lagi.")
                      % {"left": _rp(remaining), "n": ledger.headroom})]  # fmt: skip
    return []


def _lapse_alerts(ledger: Ledger) -> list[Alert]:
    """Warn before cover lapses at the end of the programme when the next year's programme is not in place."""
    programme = ledger.programme
    if ledger.as_of > programme.end or (programme.end - ledger.as_of).days > LAPSE_WARNING_DAYS:
        return []
    if programme.last_month < 12:
        values = {"end": programme.end.isoformat(), "n": ledger.members_active}
        message = _("Program ini berakhir %(end)s: perlindungan %(n)s peserta berhenti sebelum akhir tahun.") % values
        return [Alert("danger", "lapse", message)]
    nxt = Programme.objects.filter(region=programme.region_id, year=programme.year + 1).first()
    if nxt is not None and nxt.status == ProgrammeStatus.ACTIVE:
        return []
    values = {"n": ledger.members_active, "year": programme.year + 1}
    if nxt is None:
        message = _("Program %(year)s belum ada: perlindungan %(n)s peserta berhenti 1 Januari %(year)s. "
                    "Susun program baru (mis. dari skenario).") % values  # fmt: skip
    else:
        message = _("Program %(year)s masih draf: aktifkan sebelum 1 Januari %(year)s agar perlindungan %(n)s "
                    "peserta tidak berhenti.") % values  # fmt: skip
    return [Alert("danger", "lapse", message)]
