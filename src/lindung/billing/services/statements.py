"""Import a bank statement: check the whole file, skip lines already counted, match, apply — or change nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.billing.matching import Match, Matcher
from lindung.billing.models import MatchKind, Receipt, ReceiptSource, StatementImport
from lindung.billing.services.allocation import Allocator
from lindung.billing.services.payments import require_payment_role
from lindung.billing.statement_csv import StatementLine, parse_statement
from lindung.core.audit import audit_record
from lindung.core.models import Region

BATCH = 2000


def _already_imported(region: Region, digest: str) -> None:
    earlier = StatementImport.objects.filter(region=region, file_sha256=digest).first()
    if earlier is not None:
        raise ValidationError(
            _("Berkas ini sudah diimpor pada %(when)s (%(n)s baris); tidak ada yang dicatat ulang.")
            % {"when": timezone.localtime(earlier.imported_at).strftime("%Y-%m-%d %H:%M"), "n": earlier.line_count}
        )


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


def _apply(region: Region, statement: StatementImport, lines: list[StatementLine], user: Any) -> list[Receipt]:
    matches = Matcher(region).match_all(lines)
    receipts = [_receipt(region, statement, line, m, user) for line, m in zip(lines, matches, strict=True)]
    allocator = Allocator.load((r.account_id for r in receipts if r.account_id is not None), region_id=region.pk)
    for receipt, match in zip(receipts, matches, strict=True):
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
    """Import a bank statement CSV for ``region``; a problem anywhere rejects the file and records nothing.

    A file already imported is refused; single lines already counted by an overlapping earlier statement are
    skipped (``already_imported_count``), so no receipt is ever counted twice.
    """
    require_payment_role(user)
    digest = hashlib.sha256(content).hexdigest()
    _already_imported(region, digest)
    lines = parse_statement(content, region_code=region.code, today=today or timezone.localdate())
    try:
        with transaction.atomic():
            seen = _seen_hashes(lines)
            fresh = [line for line in lines if line.line_hash not in seen]
            statement = StatementImport.objects.create(
                region=region, file_sha256=digest, filename=filename[:200], imported_by=user, line_count=len(lines)
            )
            _count(statement, _apply(region, statement, fresh, user), total_lines=len(lines))
            audit_record(
                action="statement_import",
                object_type="billing.StatementImport",
                object_id=str(statement.pk),
                after={
                    "file": statement.filename,
                    "lines": len(lines),
                    "new": len(fresh),
                    "matched": statement.matched_count,
                    "total": statement.total_amount,
                },
            )
    except IntegrityError:
        _already_imported(region, digest)
        raise ValidationError(_("Impor lain sedang mencatat baris yang sama; coba lagi sebentar lagi.")) from None
    return statement
