"""Import a bank statement: check the whole file, skip lines already counted, match, apply — or change nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lindung.billing.matching import Match, Matcher
from lindung.billing.models import MatchKind, Receipt, ReceiptSource, StatementImport
from lindung.billing.services.allocation import Allocator
from lindung.billing.services.payments import require_payment_role
from lindung.billing.statement_csv import Problem, StatementLine, parse_statement, problem_message
from lindung.core.audit import audit_record
from lindung.core.models import Region

BATCH = 2000


class StatementRefused(ValidationError):
    """The statement cannot be recorded; ``problem`` says why as a code (the job keeps it, the page words it)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem_message(problem))


def already_imported(region: Region, digest: str) -> Problem | None:
    """Why a file with this SHA-256 is refused for ``region``: it was imported already (when, how many lines)."""
    earlier = StatementImport.objects.filter(region=region, file_sha256=digest).first()
    if earlier is None:
        return None
    when = timezone.localtime(earlier.imported_at).strftime("%Y-%m-%d %H:%M")
    return {"code": "already_imported", "params": {"when": when, "n": earlier.line_count}}


def _refuse_if_imported(region: Region, digest: str) -> None:
    problem = already_imported(region, digest)
    if problem is not None:
        raise StatementRefused(problem)


def _seen_hashes(lines: list[StatementLine]) -> set[str]:
    hashes = [line.line_hash for line in lines]
    seen: set[str] = set()
    for start in range(0, len(hashes), BATCH):
        part = hashes[start : start + BATCH]
        seen.update(h for h in Receipt.objects.filter(line_hash__in=part).values_list("line_hash", flat=True) if h)
    return seen


def _receipt(region: Region, statement: StatementImport, line: StatementLine, match: Match, user: Any) -> Receipt:
    return Receipt(
        region=region,
        account_id=match.account_id,
        source=ReceiptSource.STATEMENT,
        statement=statement,
        line_no=line.line_no,
        line_hash=line.line_hash,
        received_on=line.received_on,
        amount=line.amount,
        unallocated=line.amount,
        reference=line.reference,
        virtual_account=line.virtual_account,
        payer_name=line.payer_name,
        match=match.kind,
        matched_invoice_id=match.invoice_id,
        created_by=user,
    )


def _apply(
    region: Region, statement: StatementImport, pairs: list[tuple[StatementLine, Match]], user: Any
) -> list[Receipt]:
    receipts = [_receipt(region, statement, line, m, user) for line, m in pairs]
    allocator = Allocator.load((r.account_id for r in receipts if r.account_id is not None), region_id=region.pk)
    for receipt, (_line, match) in zip(receipts, pairs, strict=True):
        if receipt.account_id is not None:
            allocator.apply(receipt, first_id=match.invoice_id)
    Receipt.objects.bulk_create(receipts, batch_size=BATCH)
    allocator.save()
    return receipts


def _count(statement: StatementImport, receipts: list[Receipt], *, total_lines: int) -> None:
    matched = sum(1 for r in receipts if r.match != MatchKind.NONE)
    statement.new_count, statement.already_imported_count = len(receipts), total_lines - len(receipts)
    statement.matched_count, statement.suspense_count = matched, len(receipts) - matched
    statement.total_amount = sum(r.amount for r in receipts)
    statement.save()


def statement_import(
    *, user: Any, region: Region, filename: str, content: bytes, today: dt.date | None = None
) -> StatementImport:
    """Import a bank statement CSV for ``region`` now; a problem anywhere rejects the file and records nothing.

    For the CLI and the demo data; pages and the API queue a job instead (``statement_job_create``).
    """
    require_payment_role(user)
    digest = hashlib.sha256(content).hexdigest()
    _refuse_if_imported(region, digest)
    lines = parse_statement(content, region_code=region.code, today=today or timezone.localdate())
    return statement_record(user=user, region=region, filename=filename, digest=digest, lines=lines)


def statement_record(
    *,
    user: Any,
    region: Region,
    filename: str,
    digest: str,
    lines: list[StatementLine],
    phase: Callable[[str, int, int], None] | None = None,
    chunk: int = BATCH,
    recorded: Callable[[StatementImport], None] | None = None,
) -> StatementImport:
    """Match the checked ``lines`` and record them in one transaction: every receipt, or none.

    Lines already counted by an overlapping earlier statement are skipped (``already_imported_count``), so no
    receipt is ever counted twice; a file recorded meanwhile by another import is refused. Matching only reads,
    so it runs before the transaction, ``chunk`` lines at a time (each line's match depends on it alone);
    ``phase(name, done, total)`` reports the lines matched, then "recording" (one transaction, so one step);
    ``recorded(statement)`` runs last inside the transaction (a job records itself done there: both or neither).
    """
    report = phase or (lambda _name, _done, _total: None)
    seen = _seen_hashes(lines)
    fresh = [line for line in lines if line.line_hash not in seen]
    matcher, matches = Matcher(region), []
    for start in range(0, len(fresh), chunk):
        report("matching", start, len(fresh))
        matches += matcher.match_all(fresh[start : start + chunk])
    report("matching", len(fresh), len(fresh))
    report("recording", 0, len(fresh))
    try:
        with transaction.atomic():
            seen = _seen_hashes(fresh)  # lines another statement recorded while these were matched
            pairs = [(line, m) for line, m in zip(fresh, matches, strict=True) if line.line_hash not in seen]
            statement = StatementImport.objects.create(
                region=region, file_sha256=digest, filename=filename[:200], imported_by=user, line_count=len(lines)
            )
            _count(statement, _apply(region, statement, pairs, user), total_lines=len(lines))
            audit_record(
                action="statement_import",
                object_type="billing.StatementImport",
                object_id=str(statement.pk),
                after={
                    "file": statement.filename,
                    "lines": len(lines),
                    "new": len(pairs),
                    "matched": statement.matched_count,
                    "total": statement.total_amount,
                },
            )
            if recorded is not None:
                recorded(statement)
    except IntegrityError:
        _refuse_if_imported(region, digest)
        raise StatementRefused({"code": "busy"}) from None
    return statement
