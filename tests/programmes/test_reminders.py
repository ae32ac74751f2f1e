"""Late steps: the users who must take a step past its time limit are told once, by e-mail and on the page."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from lindung.programmes.models import Step, StepReminder
from lindung.programmes.selectors.proposals import late_steps
from lindung.programmes.services.reminders import late_step_reminders
from tests.factories import World
from tests.programmes.builders import TODAY, approve_step, make_candidates, make_offices, make_programme, propose


def test_a_late_step_is_notified_once_to_each_user_who_must_take_it(world: World) -> None:
    offices = make_offices(world)
    offices.users["manpower"].email = "disnaker@medan.example"
    offices.users["manpower"].save()
    programme = make_programme(world, verify_days=3)
    proposal = propose(world, programme, make_candidates(world, 2))
    assert late_step_reminders(today=TODAY + dt.timedelta(days=3)) == 0  # due today: not late yet
    late_day = TODAY + dt.timedelta(days=5)
    created = late_step_reminders(today=late_day)
    told = set(StepReminder.objects.values_list("recipient__username", flat=True))
    # Disnaker and both coordinators may verify; the proposing agency officer may not (maker-checker)
    assert told == {"disnaker", "koordinator", "koordinator-2"} and created == 3
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["disnaker@medan.example"]
    message = mail.outbox[0]
    assert proposal.code in message.subject and "terlambat 2 hari" in message.body
    assert "Calon" not in message.body  # no worker's personal data
    assert late_step_reminders(today=late_day + dt.timedelta(days=1)) == 0  # once per step and user
    assert len(mail.outbox) == 1


def test_the_next_late_step_is_notified_to_its_own_office(world: World) -> None:
    offices = make_offices(world)
    offices.users["finance"].email = "bpkad@medan.example"
    offices.users["finance"].save()
    programme = make_programme(world, budget_days=2)
    proposal = propose(world, programme, make_candidates(world, 1))
    approve_step(proposal, Step.VERIFY, offices.users["manpower"])
    late_step_reminders(today=TODAY + dt.timedelta(days=4))
    budget = StepReminder.objects.filter(step=Step.BUDGET)
    assert list(budget.values_list("recipient__username", flat=True)) == ["bpkad"]
    assert [m.to for m in mail.outbox] == [["bpkad@medan.example"]]


def test_the_programme_page_lists_late_steps_and_who_was_told(world: World) -> None:
    make_offices(world)
    programme = make_programme(world, verify_days=1)
    proposal = propose(world, programme, make_candidates(world, 1))
    late_day = TODAY + dt.timedelta(days=3)
    late_step_reminders(today=late_day)
    (late,) = late_steps(user=world.users["coordinator"], programme=programme, today=late_day)
    assert (late.proposal, late.step, late.days, late.yours) == (proposal, Step.VERIFY, 2, True)
    assert "disnaker" in late.notified
    assert late_steps(user=world.users["agency_officer"], programme=programme, today=late_day)[0].yours is False
    client = Client()
    client.force_login(world.users["coordinator"])
    with time_machine.travel(dt.datetime(2026, 3, 13, 10, tzinfo=dt.UTC), tick=False):
        page = client.get(reverse("programmes:programme_detail", args=[programme.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="late-steps"' in body and proposal.code in body and "disnaker" in body


def test_the_daily_run_stays_queued_once_and_queues_the_next_morning(world: World) -> None:
    from django_tasks_db.models import DBTaskResult

    from lindung.programmes.tasks import late_step_reminders_task, late_steps_schedule

    assert late_steps_schedule() is True
    assert late_steps_schedule() is False  # already waiting
    (queued,) = DBTaskResult.objects.filter(task_path=late_step_reminders_task.module_path)
    assert queued.run_after is not None and queued.run_after.astimezone(dt.UTC).hour == 0  # 07:00 in Medan
