"""The run bills the discounts in force from registry data: padat karya JKK (PP 7/2025, PP 36/2025), BPU
transport JKK and JKM (PP 50/2025), JP deferral (PP 49/2020); each line keeps the inputs it was computed with."""

from __future__ import annotations

import datetime as dt
import importlib
from itertools import count
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lindung.billing import rules_adapter
from lindung.billing.models import Line, LineKind
from lindung.registry.models import Employer, Membership, Program, Worker
from lindung.rules import engine
from lindung.rules.codes import FUNDER_CODE, SECTOR_CODE, month_index
from tests.billing.conftest import FEB, JAN, Billing, add_membership, bill, client_for, invoice_of, undone
from tests.factories import make_employer, make_worker

pytestmark = pytest.mark.django_db

BPU_PROGRAMS = Program.JKK | Program.JKM
_serial = count(1)


def _workforce(employer: Employer, n: int, **fields: Any) -> list[Membership]:
    """``n`` workers with an active PU membership at ``employer`` (plain rows: no NIK is looked at here)."""
    start = next(_serial) * 1000
    workers = Worker.objects.bulk_create(
        Worker(
            region=employer.region,
            nik_cipher="x",
            nik_index=f"discount-{start + i}",
            nik_masked="1271********0000",
            name=f"Pekerja {i}",
            birth_date=dt.date(1990, 1, 1),
            sex="M",
        )
        for i in range(n)
    )
    values = {"segment": "PU", "programs": Program.JKK | Program.JKM, "wage": 4_000_000} | fields
    values.setdefault("valid_from", dt.date(2025, 6, 1))
    return Membership.objects.bulk_create(
        Membership(worker=w, employer=employer, payer_kind="employer", **values) for w in workers
    )


def _line(membership: Membership, period: dt.date) -> Line:
    return Line.objects.get(membership_id=membership.pk, covers_period=period, kind=LineKind.REGULAR)


def _factory(billing: Billing, sector: str, workers: int) -> list[Membership]:
    employer = make_employer(billing.world.medan, f"Pabrik {sector} {workers}")
    Employer.objects.filter(pk=employer.pk).update(sector=sector)
    employer.refresh_from_db()
    return _workforce(employer, workers)


def test_a_padat_karya_employer_with_50_participants_pays_half_jkk_until_january_2026(billing: Billing) -> None:
    rows = _factory(billing, "furniture", 50)
    bill(billing.world.medan, JAN)
    bill(billing.world.medan, FEB)
    jan, feb = _line(rows[0], JAN), _line(rows[0], FEB)
    assert (jan.jkk, feb.jkk) == (4_800, 9_600)  # 0.24 % of 4,000,000, halved in January only
    assert jan.jkm == feb.jkm == 12_000  # JKM is not discounted
    assert (jan.sector, jan.participants) == (SECTOR_CODE["furniture"], 50)
    assert (feb.sector, feb.participants) == (SECTOR_CODE["furniture"], 0)  # not counted out of the window
    assert sum(_line(m, JAN).jkk for m in rows) == 50 * 4_800


def test_a_padat_karya_employer_with_49_participants_pays_full_jkk(billing: Billing) -> None:
    rows = _factory(billing, "textile_apparel", 49)
    bill(billing.world.medan, JAN)
    line = _line(rows[0], JAN)
    assert line.jkk == 9_600 and line.participants == 49


def test_an_ended_membership_of_the_month_counts_its_worker_once(billing: Billing) -> None:
    rows = _factory(billing, "footwear", 49)
    ended = rows[0]
    Membership.objects.filter(pk=ended.pk).update(valid_to=dt.date(2026, 1, 10))
    Membership.objects.create(
        worker=ended.worker, employer=ended.employer, payer_kind="employer", segment="PU",
        programs=ended.programs, wage=4_500_000, valid_from=dt.date(2026, 1, 11), previous=ended,
    )  # fmt: skip
    bill(billing.world.medan, JAN)
    assert _line(rows[1], JAN).participants == 49 and _line(rows[1], JAN).jkk == 9_600


def test_an_ojek_online_self_payer_pays_half_jkk_and_jkm_unless_the_city_pays(billing: Billing) -> None:
    Membership.objects.filter(pk=billing.self_paying.pk).update(sector="ojek_online")
    Membership.objects.filter(pk=billing.city[0].pk).update(sector="ojek_online")
    bill(billing.world.medan, JAN)
    own, city = _line(billing.self_paying, JAN), _line(billing.city[0], JAN)
    assert (own.jkk, own.jkm) == (5_000, 3_400)  # 1 % and Rp 6,800 on Rp 1,000,000, halved
    assert (city.jkk, city.jkm) == (10_000, 6_800)  # funded by the APBD: excluded (PP 50/2025 Pasal 4(1))
    assert own.sector == city.sector == SECTOR_CODE["ojek_online"]
    sponsor = _line(billing.sponsor, JAN)
    assert (sponsor.jkk, sponsor.jkm, sponsor.sector) == (10_000, 6_800, 0)  # sector "other"


def test_jp_deferral_of_an_approved_employer_in_september_2020(billing: Billing) -> None:
    period = dt.date(2020, 9, 1)
    deferring = make_employer(billing.world.medan, "PT Tunda JP")
    Employer.objects.filter(pk=deferring.pk).update(jp_deferral=True, size="large")
    all_pu = Program.JKK | Program.JKM | Program.JHT | Program.JP
    (row,) = _workforce(deferring, 1, programs=all_pu, wage=6_000_000, valid_from=dt.date(2020, 1, 1))
    Membership.objects.filter(pk=billing.pu.pk).update(valid_from=dt.date(2020, 1, 1))
    bill(billing.world.medan, period)
    deferred, normal = _line(row, period), _line(billing.pu, period)
    assert (normal.jp_employer, normal.jp_worker, normal.jp_deferral) == (120_000, 60_000, 0)
    assert (deferred.jp_employer, deferred.jp_worker, deferred.jp_deferral) == (1_200, 600, 1)  # 1 % paid now
    assert deferred.jkk == normal.jkk == 144  # JKK and JKM: 99 % off for every employer (PP 49/2020 Pasal 3)


def test_adjustments_bill_a_late_padat_karya_row_with_the_discount_and_reverse_with_the_stored_inputs(
    billing: Billing,
) -> None:
    rows = _factory(billing, "furniture", 50)
    bill(billing.world.medan, JAN)
    (late,) = _workforce(rows[0].employer, 1, valid_from=dt.date(2026, 1, 10))
    Membership.objects.filter(pk=rows[1].pk).update(valid_to=dt.date(2025, 12, 31), ended_at=timezone.now())
    feb = bill(billing.world.medan, FEB)
    added = Line.objects.get(run=feb, membership_id=late.pk, kind=LineKind.ADJUSTMENT)
    assert (added.covers_period, added.jkk, added.participants, added.sector) == (
        JAN, 4_800, 50, SECTOR_CODE["furniture"]
    )  # 50 workers in January once the ended one is not counted, the late one counted  # fmt: skip
    reversed_ = Line.objects.get(run=feb, membership_id=rows[1].pk, kind=LineKind.ADJUSTMENT)
    assert (reversed_.jkk, reversed_.participants, reversed_.sector) == (-4_800, 50, SECTOR_CODE["furniture"])


def test_the_invoice_page_shows_the_discount_and_its_regulation_on_the_line(billing: Billing) -> None:
    Membership.objects.filter(pk=billing.self_paying.pk).update(sector="ojek_online")
    bill(billing.world.medan, JAN)
    code = invoice_of(billing.self_paying, JAN).code
    page = client_for(billing.world, "admin").get(f"/tagihan/faktur/{code}/").content.decode()
    assert 'data-testid="line-discount"' in page and "PP 50/2025" in page and "50 %" in page
    other = invoice_of(billing.sponsor, JAN).code
    assert (
        'data-testid="line-discount"'
        not in client_for(billing.world, "admin").get(f"/tagihan/faktur/{other}/").content.decode()
    )


def test_the_line_explanation_lists_the_discount_and_its_regulation() -> None:
    applied = rules_adapter.discounts_applied(
        segment=rules_adapter.PU, period=JAN, sector=SECTOR_CODE["furniture"], participants=50, funded_by=0,
        jp_deferral=False,
    )  # fmt: skip
    assert [d["name"] for d in applied] == ["discounts.labour_intensive_jkk_pay_share"]
    assert "PP 36/2025" in applied[0]["reference"]
    none = rules_adapter.discounts_applied(
        segment=rules_adapter.PU, period=FEB, sector=SECTOR_CODE["furniture"], participants=50, funded_by=0,
        jp_deferral=False,
    )  # fmt: skip
    assert none == ()


EMPLOYER = st.tuples(st.sampled_from(["other", "food_beverage_tobacco", "furniture"]), st.sampled_from([1, 49, 50]))
BPU_ROW = st.tuples(
    st.sampled_from(["other", "ojek", "ojek_online", "courier"]),
    st.sampled_from(["self", "city_programme", "sponsor"]),
)
FUNDER_OF = {"self": "self", "city_programme": "apbd", "sponsor": "sponsor"}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    employers=st.lists(EMPLOYER, min_size=1, max_size=3),
    bpu=st.lists(BPU_ROW, max_size=4),
    period=st.sampled_from([JAN, FEB, dt.date(2025, 8, 1)]),
)
def test_the_run_bills_what_the_engine_computes_for_any_sector_participants_and_funder(
    billing: Billing, employers: list[tuple[str, int]], bpu: list[tuple[str, str]], period: dt.date
) -> None:
    with undone():
        expected: dict[int, tuple[int, int, int, int]] = {}  # membership → segment, sector, participants, funder
        for sector, n in employers:
            for m in _factory(billing, sector, n):
                expected[m.pk] = (0, SECTOR_CODE[sector], n, FUNDER_CODE["employer"])
        for i, (sector, payer) in enumerate(bpu):
            worker = make_worker(billing.world.medan, f"12710105059{next(_serial) % 100:02d}{i}1", "Pengemudi")
            m = add_membership(
                worker, segment="BPU", programs=BPU_PROGRAMS, wage=1_500_000, payer_kind=payer, sector=sector,
                sponsor_name="CSR Bank Daerah" if payer == "sponsor" else "",
            )  # fmt: skip
            expected[m.pk] = (1, SECTOR_CODE[sector], 0, FUNDER_CODE[FUNDER_OF[payer]])
        bill(billing.world.medan, period)
        lines = {line.membership_id: line for line in Line.objects.filter(membership_id__in=expected)}
        ids = sorted(expected)
        rows = [expected[i] for i in ids]
        ms = Membership.objects.in_bulk(ids)
        cols = engine.ContributionColumns(
            segment=np.asarray([r[0] for r in rows], dtype=np.int8),
            period=np.full(len(ids), month_index(period.year, period.month), dtype=np.int32),
            wage=np.asarray([ms[i].wage for i in ids], dtype=np.int64),
            risk_group=np.ones(len(ids), dtype=np.int8),
            programs=np.asarray([ms[i].programs for i in ids], dtype=np.uint8),
            birth_month=np.full(len(ids), 1990 * 12, dtype=np.int32),
            sector=np.asarray([r[1] for r in rows], dtype=np.int8),
            participants=np.asarray([r[2] for r in rows], dtype=np.int32),
            funded_by=np.asarray([r[3] for r in rows], dtype=np.int8),
        )
        result = engine.contributions(cols)
        for k, membership in enumerate(ids):
            line = lines[membership]
            assert (line.jkk, line.jkm) == (int(result.jkk[k]), int(result.jkm[k])), rows[k]
            assert line.sector == rows[k][1]


def _columns_of(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def test_the_migration_adds_the_inputs_to_the_parent_its_partitions_and_a_staged_table(billing: Billing) -> None:
    """Backwards then forwards over billed lines: on PostgreSQL the attached partitions follow the parent, and a
    run's staged table (not attached yet) gets the columns too, so it can still be attached."""
    migration = importlib.import_module("lindung.billing.migrations.0004_line_discount_inputs")
    run = bill(billing.world.medan, JAN)
    staged = "billing_line_run_999999"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE {staged} (LIKE billing_line, CONSTRAINT {staged}_run CHECK (run_id = 999999))"
            )
    editor = SimpleNamespace(connection=connection)
    new = {"sector", "participants", "jp_deferral"}
    migration.backward(None, editor)
    tables = ["billing_line"] + ([f"billing_line_run_{run.pk}", staged] if connection.vendor == "postgresql" else [])
    assert all(not new & _columns_of(t) for t in tables)
    migration.forward(None, editor)
    assert all(new <= _columns_of(t) for t in tables)
    assert set(Line.objects.filter(run=run).values_list("sector", "participants", "jp_deferral")) == {(0, 0, 0)}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE billing_line ATTACH PARTITION {staged} FOR VALUES IN (999999)")
