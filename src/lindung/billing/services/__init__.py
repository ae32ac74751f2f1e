"""Billing writes (``<entity>_<action>``, keyword-only, transactional)."""

from lindung.billing.services.bulk_payments import BulkPayment, payments_record_bulk
from lindung.billing.services.payments import payment_record, receipt_assign
from lindung.billing.services.runs import (
    RunAlreadyQueued,
    billing_run_enqueue,
    billing_run_execute,
    billing_run_start,
    billing_run_take,
    billing_run_task_claim,
    period_check,
    period_parse,
)
from lindung.billing.services.statement_jobs import statement_job_create, statement_job_messages, statement_job_run
from lindung.billing.services.statements import statement_import

__all__ = [
    "BulkPayment",
    "RunAlreadyQueued",
    "billing_run_enqueue",
    "billing_run_execute",
    "billing_run_start",
    "billing_run_take",
    "billing_run_task_claim",
    "payment_record",
    "payments_record_bulk",
    "period_check",
    "period_parse",
    "receipt_assign",
    "statement_import",
    "statement_job_create",
    "statement_job_messages",
    "statement_job_run",
]
