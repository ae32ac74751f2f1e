from lindung.billing.models.accounts import BillingAccount, BillingRun, ReferenceSet, RunPhase, RunStatus
from lindung.billing.models.invoices import AMOUNT_COLUMNS, Invoice, InvoiceStatus, Line, LineKind
from lindung.billing.models.payments import (
    Allocation,
    LateFine,
    MatchKind,
    Receipt,
    ReceiptSource,
    StatementImport,
)
from lindung.billing.models.statement_jobs import StatementImportJob, StatementJobStatus

__all__ = [
    "AMOUNT_COLUMNS",
    "Allocation",
    "BillingAccount",
    "BillingRun",
    "Invoice",
    "InvoiceStatus",
    "LateFine",
    "Line",
    "LineKind",
    "MatchKind",
    "Receipt",
    "ReceiptSource",
    "ReferenceSet",
    "RunPhase",
    "RunStatus",
    "StatementImport",
    "StatementImportJob",
    "StatementJobStatus",
]
