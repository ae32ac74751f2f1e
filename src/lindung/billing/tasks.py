"""Background work of billing: runs and bank statements sent from a page or the API execute in the task worker
(`lindung db_worker`)."""

from __future__ import annotations

from django_tasks import task

from lindung.billing.models import BillingRun, StatementImportJob
from lindung.core.audit import audit_context


@task()
def billing_run_task(run_id: int) -> dict[str, int]:
    """Execute (or resume) a billing run; progress is stored on the run row, which the page polls."""
    from lindung.billing.services.runs import billing_run_beat, billing_run_execute

    run = BillingRun.objects.get(pk=run_id)
    billing_run_beat(run)
    with audit_context(label="billing-worker"):
        run = billing_run_execute(run=run)  # beats after each chunk
    return {"invoices": run.invoices_created, "lines": run.rows_done}


@task()
def statement_import_task(job_id: int) -> str:
    """Read, match and record an uploaded bank statement (every line or none); its page shows the progress."""
    from lindung.billing.services.statement_jobs import statement_job_run

    job = StatementImportJob.objects.select_related("region", "uploaded_by").get(pk=job_id)
    return str(statement_job_run(job=job).status)
