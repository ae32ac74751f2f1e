"""A run that fails marks itself failed only while it is still its owner's: a process taken over (its run now
resumed by another owner) that then hits an error leaves the new owner's run as it stands."""

from __future__ import annotations

import pytest

from lindung.billing.models import BillingRun, RunStatus
from lindung.billing.run import runner
from lindung.billing.services import billing_run_start
from tests.billing.conftest import JAN, TODAY, Billing


class Boom(RuntimeError):
    pass


def _failing_after(run: BillingRun, take_over: bool) -> None:
    calls: list[int] = []

    def progress(current: BillingRun) -> None:
        calls.append(current.chunks_done)
        if len(calls) == 2:  # after the first chunk
            if take_over:
                BillingRun.objects.filter(pk=current.pk).update(task_id="new-owner")
            raise Boom("disk full")

    with pytest.raises(Boom):
        runner.execute(run, progress=progress)


@pytest.mark.django_db(transaction=True)
def test_a_run_failing_in_its_owners_process_is_marked_failed_with_the_error(billing: Billing) -> None:
    run = billing_run_start(region=billing.world.medan, period=JAN, today=TODAY, chunk_size=2)
    BillingRun.objects.filter(pk=run.pk).update(task_id="first-owner")
    run.refresh_from_db()
    _failing_after(run, take_over=False)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error == "Boom: disk full"


@pytest.mark.django_db(transaction=True)
def test_a_run_failing_after_another_owner_took_it_over_is_left_to_that_owner(billing: Billing) -> None:
    run = billing_run_start(region=billing.world.medan, period=JAN, today=TODAY, chunk_size=2)
    BillingRun.objects.filter(pk=run.pk).update(task_id="first-owner")
    run.refresh_from_db()
    _failing_after(run, take_over=True)
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and run.error == "" and run.task_id == "new-owner"
    resumed = runner.execute(run)  # the new owner resumes from the last committed chunk and finishes
    assert resumed.status == RunStatus.DONE and resumed.invoices_created > 0
