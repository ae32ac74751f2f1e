"""An employer's and a worker's home page: their own protection and what they owe, not the region's counters;
and the password pages in Lindung's own layout (not the admin's)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lindung.billing.models import Invoice
from lindung.billing.selectors.own import own_summary
from lindung.billing.services import billing_run_execute, billing_run_start
from lindung.billing.services.payments import payment_record
from lindung.registry.models import Membership
from lindung.web.templatetags.lindung_format import format_date_id
from tests.factories import PASSWORD, World

pytestmark = pytest.mark.django_db
JAN, TODAY = dt.date(2026, 1, 1), dt.date(2026, 1, 20)


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
    return client


def _bill_january(world: World) -> None:
    billing_run_execute(run=billing_run_start(region=world.medan, period=JAN, today=TODAY))


def test_a_worker_sees_their_own_cover_not_the_regions_counters(world: World) -> None:
    body = _client(world, "worker").get(reverse("home")).content.decode()
    assert 'data-testid="own-status"' in body and "Anda terlindungi" in body
    assert body.count('data-testid="own-program"') == 2, "JKK and JKM, the membership's two programmes"
    assert world.employer.name in body, "who pays for the worker"
    assert 'data-testid="count-workers"' not in body and 'data-testid="count-employers"' not in body


def test_a_worker_without_an_active_membership_is_told_so(world: World) -> None:
    Membership.objects.filter(worker=world.worker).update(valid_to=dt.date(2025, 6, 30))
    body = _client(world, "worker").get(reverse("home")).content.decode()
    assert "Anda belum terlindungi" in body
    assert "berakhir 30 Juni 2025" in body


def test_the_workers_last_month_shows_whether_its_invoice_is_paid(world: World) -> None:
    _bill_january(world)
    summary = own_summary(user=world.users["worker"], today=TODAY)
    assert summary is not None and summary.last_month is not None
    assert summary.last_month.period == JAN and summary.last_month.total > 0
    body = _client(world, "worker").get(reverse("home")).content.decode()
    assert 'data-testid="own-last-status"' in body and "Belum lunas" in body
    invoice = Invoice.objects.get(account__employer=world.employer, period=JAN)
    payment_record(user=world.users["branch_officer"], invoice=invoice, amount=invoice.amount_due, received_on=TODAY)
    body = _client(world, "worker").get(reverse("home")).content.decode()
    assert "Lunas" in body and "Belum lunas" not in body


def test_an_employer_sees_its_workers_and_what_it_owes_in_its_own_scope_only(world: World) -> None:
    _bill_january(world)
    ours = Invoice.objects.get(account__employer=world.employer, period=JAN)
    assert Invoice.objects.filter(account__employer=world.other_employer, period=JAN).exists()
    summary = own_summary(user=world.users["employer"], today=TODAY)
    assert summary is not None and summary.active_workers == 1
    assert summary.owed is not None
    assert (summary.owed.invoices, summary.owed.amount, summary.owed.overdue) == (1, ours.amount_due, 0)
    assert summary.owed.next_due == ours.due_date
    late = own_summary(user=world.users["employer"], today=ours.due_date + dt.timedelta(days=1))
    assert late is not None and late.owed is not None and late.owed.overdue == ours.amount_due
    body = _client(world, "employer").get(reverse("home")).content.decode()
    assert 'data-testid="own-owed"' in body and 'data-testid="count-workers"' not in body


def test_other_roles_keep_the_region_summary(world: World) -> None:
    assert own_summary(user=world.users["coordinator"], today=TODAY) is None
    body = _client(world, "coordinator").get(reverse("home")).content.decode()
    assert 'data-testid="count-workers"' in body and 'data-testid="own-status"' not in body


def test_the_password_pages_use_lindungs_layout_and_change_the_password(world: World) -> None:
    client = _client(world, "worker")
    response = client.get(reverse("password_change"))
    body = response.content.decode()
    assert response.status_code == 200 and "web/password_change_form.html" in [t.name for t in response.templates]
    assert "Django" not in body and "Ubah kata sandi" in body
    new = "Sandi-baru-yang-panjang-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        follow=True,
    )
    assert 'data-testid="password-changed"' in response.content.decode()
    world.users["worker"].refresh_from_db()
    assert world.users["worker"].check_password(new)


def test_the_workers_home_in_english(world: World) -> None:
    client = _client(world, "worker")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("home")).content.decode()
    assert "You are protected" in body and "My memberships" in body


def test_cover_is_judged_on_the_day_not_on_an_end_date_being_set(world: World) -> None:
    Membership.objects.filter(worker=world.worker).update(valid_to=dt.date(2026, 1, 31))
    until_end = own_summary(user=world.users["worker"], today=dt.date(2026, 1, 31))
    after_end = own_summary(user=world.users["worker"], today=dt.date(2026, 2, 1))
    assert until_end is not None and until_end.protected and until_end.programs == ["JKK", "JKM"]
    assert after_end is not None and not after_end.protected
    employer_then = own_summary(user=world.users["employer"], today=dt.date(2026, 1, 31))
    employer_after = own_summary(user=world.users["employer"], today=dt.date(2026, 2, 1))
    assert employer_then is not None and employer_then.active_workers == 1
    assert employer_after is not None and employer_after.active_workers == 0


START = dt.date(2026, 2, 1)


@pytest.mark.parametrize(
    ("today", "protected", "state", "shown"),
    [
        (START - dt.timedelta(days=1), False, "upcoming", "mulai 1 Februari 2026"),
        (START, True, "active", "aktif"),
    ],
    ids=["the-day-before-the-start", "the-start-day"],
)
def test_a_membership_starting_later_is_not_cover_until_its_first_day(
    world: World, today: dt.date, protected: bool, state: str, shown: str
) -> None:
    Membership.objects.filter(worker=world.worker).update(valid_from=START)
    summary = own_summary(user=world.users["worker"], today=today)
    assert summary is not None and summary.protected is protected
    assert summary.programs == (["JKK", "JKM"] if protected else [])
    assert [row.state for row in summary.memberships] == [state]


def test_the_worker_sees_a_future_membership_as_starting_not_active(world: World) -> None:
    start = timezone.localdate() + dt.timedelta(days=10)
    Membership.objects.filter(worker=world.worker).update(valid_from=start)
    body = _client(world, "worker").get(reverse("home")).content.decode()
    assert "Anda belum terlindungi" in body
    state = body.split('data-testid="own-membership-state">')[1].split("</td>")[0]
    assert f"mulai {format_date_id(start)}" in state and "aktif" not in state
