"""Background work of billing: runs launched from the page execute in the task worker (`lindung db_worker`)."""

from __future__ import annotations

from django_tasks import task

from lindung.billing.models import BillingRun
from lindung.core.audit import audit_context


@task()
def billing_run_task(run_id: int) -> dict[str, int]:
    """Execute (or resume) a billing run; progress is stored on the run row, which the page polls."""
    from lindung.billing.services.runs import billing_run_execute

    run = BillingRun.objects.get(pk=run_id)
    with audit_context(label="billing-worker"):
        run = billing_run_execute(run=run)
    return {"invoices": run.invoices_created, "lines": run.rows_done}
