"""Billing writes (``<entity>_<action>``, keyword-only, transactional)."""

from lindung.billing.services.payments import payment_record, receipt_assign
from lindung.billing.services.runs import (
    billing_run_enqueue,
    billing_run_execute,
    billing_run_start,
    period_check,
    period_parse,
)
from lindung.billing.services.statements import statement_import

__all__ = [
    "billing_run_enqueue",
    "billing_run_execute",
    "billing_run_start",
    "payment_record",
    "period_check",
    "period_parse",
    "receipt_assign",
    "statement_import",
]
