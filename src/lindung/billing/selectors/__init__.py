"""Billing reads (``<entity>_<query>``), every one within the user's scope."""

from lindung.billing.selectors.arrears import (
    BUCKETS,
    account_arrears,
    arrears_list,
    arrears_rows,
    arrears_totals,
    suspense_list,
    suspense_totals,
)
from lindung.billing.selectors.compliance import employer_compliance
from lindung.billing.selectors.invoices import (
    billing_regions,
    invoice_get,
    invoice_lines,
    invoice_list,
    line_rows,
    own_accounts,
    run_list,
    worker_contributions,
)
from lindung.billing.selectors.runs import run_error_kind
from lindung.billing.selectors.statements import account_statement, city_account, city_bill

__all__ = [
    "BUCKETS",
    "account_arrears",
    "account_statement",
    "arrears_list",
    "arrears_rows",
    "arrears_totals",
    "billing_regions",
    "city_account",
    "city_bill",
    "employer_compliance",
    "invoice_get",
    "invoice_lines",
    "invoice_list",
    "line_rows",
    "own_accounts",
    "run_error_kind",
    "run_list",
    "suspense_list",
    "suspense_totals",
    "worker_contributions",
]
