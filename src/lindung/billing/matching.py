"""Match bank statement lines to invoices or payers, in order of certainty.

1. an invoice code with a correct check digit (``TG-2601-00001234-7``, any spacing or case);
2. a code one typo away (one digit changed or two swapped) that names exactly one invoice of the region,
   preferring the one whose outstanding amount equals the line;
3. a virtual-account number of the region (column ``no_va`` or inside the description);
4. the payer's name with exactly one open invoice of exactly that amount.
Anything else waits in suspense for an officer. Every lookup is a batch query over the whole statement.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F

from lindung.billing import codes
from lindung.billing.models import BillingAccount, Invoice, InvoiceStatus, MatchKind
from lindung.billing.statement_csv import StatementLine
from lindung.core.models import Region

BATCH = 500
#: What is still open; the status always agrees with the amounts, and the region's index is on (region, status).
UNPAID = (InvoiceStatus.OPEN, InvoiceStatus.PARTIAL)


@dataclass(frozen=True)
class Match:
    account_id: int | None
    invoice_id: int | None
    kind: str


NO_MATCH = Match(None, None, MatchKind.NONE)


def fold_name(name: str) -> str:
    """Lower case letters and digits, legal-form words dropped: ``PT. Angkutan Deli`` → ``angkutan deli``."""
    words = re.sub(r"[^\w\s]", " ", name.lower()).split()
    return " ".join(w for w in words if w not in {"pt", "cv", "tbk", "ud", "koperasi", "yayasan", "bapak", "ibu"})


def _invoices(region: Region, keys: set[codes.InvoiceKey]) -> dict[codes.InvoiceKey, Invoice]:
    """The invoices of ``region`` with these (period, account) keys. A batch asks for its accounts in any of its
    periods, so the ids come first as plain rows and only the invoices asked for are read whole. The region is
    checked here: a ``region`` filter made SQLite read every invoice of the region instead of the key's index."""
    wanted: list[int] = []
    items = sorted(keys, key=lambda k: (k.account_id, k.period))
    for start in range(0, len(items), BATCH):
        part = items[start : start + BATCH]
        rows = Invoice.objects.filter(account_id__in={k.account_id for k in part}, period__in={k.period for k in part})
        for pk, account_id, period, region_id in rows.order_by().values_list("pk", "account", "period", "region"):
            if region_id == region.pk and codes.InvoiceKey(period, account_id) in keys:
                wanted.append(pk)
    query = Invoice.objects.select_related("account__employer", "account__worker").order_by()
    return {codes.InvoiceKey(inv.period, inv.account_id): inv for inv in query.in_bulk(wanted).values()}


class Matcher:
    """Matches for one region's statement lines (``match_all`` keeps the order of the lines)."""

    def __init__(self, region: Region) -> None:
        self.region = region

    def match_all(self, lines: Sequence[StatementLine]) -> list[Match]:
        exact = [codes.parse_invoice_code(line.reference) for line in lines]
        typos = [
            [] if key else codes.invoice_code_candidates(line.reference) for key, line in zip(exact, lines, strict=True)
        ]
        wanted = {k for k in exact if k} | {k for group in typos for k in group}
        invoices = _invoices(self.region, wanted)
        vas = [codes.parse_va(f"{line.virtual_account} {line.reference}", self.region.code) for line in lines]
        accounts = set(
            BillingAccount.objects.filter(region=self.region, pk__in={a for a in vas if a}).values_list("pk", flat=True)
        )
        out: list[Match | None] = []
        for line, key, candidates, va in zip(lines, exact, typos, vas, strict=True):
            out.append(self._one(line, key, candidates, va, invoices, accounts))
        return self._by_name(lines, out)

    def _one(
        self,
        line: StatementLine,
        key: codes.InvoiceKey | None,
        candidates: list[codes.InvoiceKey],
        va: int | None,
        invoices: dict[codes.InvoiceKey, Invoice],
        accounts: set[int],
    ) -> Match | None:
        if key is not None and key in invoices:
            invoice = invoices[key]
            return Match(invoice.account_id, invoice.pk, MatchKind.INVOICE_CODE)
        chosen = _one_candidate([invoices[k] for k in candidates if k in invoices], line)
        if chosen is not None:
            return Match(chosen.account_id, chosen.pk, MatchKind.INVOICE_CODE_CORRECTED)
        if va is not None and va in accounts:
            return Match(va, None, MatchKind.VIRTUAL_ACCOUNT)
        return None

    def _by_name(self, lines: Sequence[StatementLine], matches: list[Match | None]) -> list[Match]:
        """Unmatched lines with a payer name: the one open invoice of that amount whose payer has that name."""
        pending = [i for i, m in enumerate(matches) if m is None and fold_name(lines[i].payer_name)]
        amounts = sorted({lines[i].amount for i in pending})
        by_amount: dict[int, list[Invoice]] = defaultdict(list)
        for start in range(0, len(amounts), BATCH):
            query = (
                Invoice.objects.filter(region=self.region, status__in=UNPAID, amount_due__gt=F("paid_amount"))
                .annotate(open_amount=F("amount_due") - F("paid_amount"))
                .filter(open_amount__in=amounts[start : start + BATCH])
                .select_related("account__employer", "account__worker")
                .order_by()
            )
            for invoice in query:
                by_amount[invoice.open_amount].append(invoice)
        for i in pending:
            name = fold_name(lines[i].payer_name)
            hits = [inv for inv in by_amount.get(lines[i].amount, []) if _payer_name(inv.account) == name]
            if len({inv.account_id for inv in hits}) == 1:  # one payer; its oldest invoice of that amount
                oldest = min(hits, key=lambda inv: inv.period)
                matches[i] = Match(oldest.account_id, oldest.pk, MatchKind.NAME_AMOUNT)
        return [m if m is not None else NO_MATCH for m in matches]


def _one_candidate(found: list[Invoice], line: StatementLine) -> Invoice | None:
    """The one invoice a mistyped code can mean: the only candidate, else the only one with the line's exact
    outstanding amount, else the only one whose payer has the line's name."""
    if len(found) <= 1:
        return found[0] if found else None
    exact = [inv for inv in found if inv.amount_due - inv.paid_amount == line.amount]
    if len(exact) == 1:
        return exact[0]
    name = fold_name(line.payer_name)
    named = [inv for inv in exact or found if name and _payer_name(inv.account) == name]
    return named[0] if len(named) == 1 else None


def _payer_name(account: BillingAccount) -> str:
    if account.employer is not None:
        return fold_name(account.employer.name)
    if account.worker is not None:
        return fold_name(account.worker.name)
    return fold_name(account.sponsor_name)
