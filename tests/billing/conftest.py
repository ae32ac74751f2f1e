"""A billing world: the shared test world plus payers of every kind, and helpers to bill a month."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.db import transaction

from lindung.billing.models import BillingRun, Invoice
from lindung.billing.services import billing_run_execute, billing_run_start
from lindung.core.models import MinimumWage
from lindung.registry.models import Employer, Membership, Program, Worker
from tests.factories import World, make_employer, make_worker

TODAY = dt.date(2026, 3, 20)
JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
ALL_PU = Program.JKK | Program.JKM | Program.JHT | Program.JP | Program.JKP


@dataclass
class Billing:
    world: World
    pu: Membership  # PT Angkutan Deli (world.employer), wage 6,000,000, all five programmes
    pu_other: Membership  # the world's second employer
    state: Membership  # a city agency employer (state organiser: not fined)
    self_paying: Membership  # BPU paying for self
    city: list[Membership]  # BPU paid by the city programme (APBD)
    sponsor: Membership  # BPU paid by a sponsor
    state_employer: Employer


def add_membership(worker: Worker, **fields: Any) -> Membership:
    values = {"segment": "PU", "programs": ALL_PU, "wage": 6_000_000, "valid_from": dt.date(2025, 6, 1)} | fields
    return Membership.objects.create(worker=worker, **values)


def bill(region: Any, period: dt.date, today: dt.date = TODAY, chunk_size: int = 100_000) -> BillingRun:
    run = billing_run_start(region=region, period=period, today=today, chunk_size=chunk_size)
    return billing_run_execute(run=run)


def invoice_of(membership: Membership, period: dt.date) -> Invoice:
    return Invoice.objects.get(
        period=period,
        account__kind=membership.payer_kind,
        account__ref=membership.employer_id or membership.worker_id
        if membership.payer_kind in {"employer", "self"}
        else membership.worker.region_id,
    )


@pytest.fixture
def frozen() -> Any:
    with time_machine.travel(dt.datetime(2026, 3, 20, 10, 0, tzinfo=dt.UTC), tick=True) as traveller:
        yield traveller


@pytest.fixture
def billing(world: World, frozen: Any) -> Billing:
    w = world
    MinimumWage.objects.create(region=w.medan, year=2026, amount=4_000_000)
    Membership.objects.filter(worker=w.worker).update(programs=ALL_PU, wage=6_000_000, valid_from=dt.date(2025, 6, 1))
    pu = Membership.objects.get(worker=w.worker)
    pu_other = Membership.objects.get(worker=w.other_worker)
    state_employer = Employer.objects.create(
        region=w.medan, kind="state", subkind="city_agency", name="Dinas Uji", agency=w.agency
    )
    state = add_membership(
        make_worker(w.medan, "1271010101850005", "Pegawai Dinas"), payer_kind="employer", employer=state_employer
    )
    bpu = {"segment": "BPU", "programs": Program.JKK | Program.JKM, "wage": 1_000_000}
    self_paying = add_membership(make_worker(w.medan, "1271010202800006", "Ojek Mandiri"), payer_kind="self", **bpu)
    city = [
        add_membership(
            make_worker(w.medan, f"12710103038{i}0007", f"Rentan {i}"),
            payer_kind="city_programme",
            agency=w.agency if i < 2 else w.other_agency,
            **bpu,
        )
        for i in range(3)
    ]
    sponsor = add_membership(
        make_worker(w.medan, "1271010404790008", "Binaan CSR"),
        payer_kind="sponsor",
        sponsor_name="CSR Bank Daerah",
        **bpu,
    )
    return Billing(w, pu, pu_other, state, self_paying, city, sponsor, state_employer)


__all__ = ["FEB", "JAN", "MAR", "TODAY", "Billing", "add_membership", "bill", "invoice_of", "make_employer"]


def client_for(world: World, role: str) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
    return client


class _Rollback(Exception):
    pass


@contextmanager
def undone() -> Iterator[None]:
    """Each hypothesis example starts from the fixture's rows: its writes are rolled back."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def seed_payers(billing: Billing, n: int) -> None:
    """``n`` more Medan workers for runs of several chunks: every fifth a BPU worker paying for self, the rest
    spread over three new employers, wages all different."""
    employers = [make_employer(billing.world.medan, f"PT Banyak {i}") for i in range(3)]
    for i in range(n):
        worker = make_worker(billing.world.medan, f"127101070{i:03d}0{i % 9}02", f"Pekerja Banyak {i}")
        if i % 5 == 4:
            add_membership(worker, payer_kind="self", segment="BPU", programs=3, wage=1_200_000 + 1_000 * i)
        else:
            add_membership(worker, payer_kind="employer", employer=employers[i % 3], wage=4_100_000 + 25_000 * i)
