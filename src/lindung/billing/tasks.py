"""Background work of billing: runs and bank statements sent from a page or the API execute in the task worker
(`lindung db_worker`)."""

from __future__ import annotations

from django_tasks import TaskContext, task

from lindung.billing.models import StatementImportJob
from lindung.core.audit import audit_context
from lindung.core.jobs import JobLost


@task(takes_context=True)
def billing_run_task(context: TaskContext, run_id: int, claim: str = "") -> dict[str, int]:
    """Execute (or resume) a billing run; progress is stored on the run row, which the page polls.

    The task first takes the run, atomically, as the owner its start queued it for (``claim``): a second task
    for the same run, or one whose start was superseded, ends at once with ``ran`` 0 and does nothing. It stops
    the same way if, silent too long, the run was taken over by a later start (``JobLost`` at its next beat).
    """
    from lindung.billing.services.runs import billing_run_execute, billing_run_task_claim

    run = billing_run_task_claim(run_id=run_id, task_id=str(context.task_result.id), claim=claim)
    if run is None:
        return {"ran": 0}
    try:
        with audit_context(label="billing-worker"):
            run = billing_run_execute(run=run)  # beats after each chunk
    except JobLost:
        return {"ran": 0, "stopped": 1}
    return {"ran": 1, "invoices": run.invoices_created, "lines": run.rows_done}


@task()
def statement_import_task(job_id: int) -> str:
    """Read, match and record an uploaded bank statement (every line or none); its page shows the progress."""
    from lindung.billing.services.statement_jobs import statement_job_run

    job = StatementImportJob.objects.select_related("region", "uploaded_by").get(pk=job_id)
    return str(statement_job_run(job=job).status)
