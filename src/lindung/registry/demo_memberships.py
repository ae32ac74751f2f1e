"""Membership rows of the registry's demo, built a column at a time (numpy) from ``demo.make_memberships``'s draws.

Same rows as one Python call per worker made: the wage, the programmes (JP and JKP by age, employer size and
start date), the payer and the dates are array operations over all workers at once, and dates and timestamps
are converted once per distinct value. A row is saved on the morning it starts and, when it has ended, its end
is recorded on the morning it ends (``ended_at``, read by ``billing.run.adjust``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import repeat
from typing import Any

import numpy as np
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone

from lindung.demo.context import DemoContext
from lindung.registry import bulk
from lindung.registry.models import Program, Worker
from lindung.registry.rules_adapter import RULES_VERSION

BASE = Program.JKK | Program.JKM | Program.JHT
MEMBERSHIP_FIELDS = [
    "worker",
    "payer_kind",
    "employer",
    "sponsor_name",
    "agency",
    "segment",
    "sector",
    "programs",
    "wage",
    "valid_from",
    "valid_to",
    "end_reason",
    "end_note",
    "rules_version",
    "eligibility_notes",
    "created_at",
    "ended_at",
]


PAYER = {"pu": "employer", "bpu": "self", "city": "city_programme", "sponsor": "sponsor"}
#: Sektor pekerjaan of BPU members (PP 50/2025 transport occupations) and its share; the rest "other". Drawn
#: from a generator of its own (seeded from the demo's), so the rest of the demo stays as it was.
TRANSPORT = {"ojek_online": 0.12, "ojek": 0.05, "driver": 0.03, "courier": 0.03, "logistics": 0.01}
JP_SIZES = {"medium", "large", ""}
JKP_FROM = np.datetime64("2021-02-02")
EARLIEST_START = np.datetime64("2016-01-01")


def _registered_at(ctx: DemoContext, days: np.ndarray) -> list[Any]:
    """Each membership saved at the start of ``days`` (local time; never after now), as if registered then;
    NaT -> None.

    A membership saved just before a billing run would look like a late registration to every later run's
    adjustment scan (``billing.run.adjust``): the whole demo would be re-examined month after month. The start of
    the day, not a time of it: a row ending on the demo's day (today) is then saved at the same time whenever the
    demo is built, and the demo's data do not depend on the hour.
    """
    now = timezone.now()
    distinct, where = np.unique(days, return_inverse=True)
    at = [
        None if day is None else bulk.db_datetime(min(now, timezone.make_aware(dt.datetime.combine(day, dt.time()))))
        for day in distinct.astype(object)
    ]
    return [at[i] for i in where.tolist()]


def _membership_terms(ctx: DemoContext, draws: dict[str, Any], rows: np.ndarray) -> dict[str, Any]:
    """Start, end and end reason of the memberships of worker positions ``rows`` (the ended ones: 7 %)."""
    as_of = np.datetime64(ctx.as_of, "D")
    start = np.maximum(as_of - draws["start_days"][rows].astype("timedelta64[D]"), EARLIEST_START)
    ended = draws["ended"][rows]
    end = np.minimum(as_of, start + draws["end_days"][rows].astype("timedelta64[D]"))
    valid_to = np.where(ended, end, np.datetime64("NaT", "D"))
    return {
        "start": start,
        "valid_to": valid_to,
        "reason": np.where(ended, draws["end_reasons"][rows], "").tolist(),
        "valid_to_db": [day if e else None for day, e in zip(bulk.db_dates(end), ended.tolist(), strict=True)],
    }


def _membership_pay(draws: dict[str, Any], rows: np.ndarray, start: np.ndarray, births: np.ndarray) -> dict[str, Any]:
    """Payer, employer, agency, wage and programmes of the memberships of worker positions ``rows``."""
    kind, employers = draws["kind"][rows], draws["employers"]
    pu = kind == "pu"
    chosen = draws["employer_idx"][rows]
    factor = np.array([draws["factor"].get(e.kbli, 1.0) for e in employers])[chosen]
    jp_size = np.array([e.size in JP_SIZES for e in employers])[chosen]
    age = (start - births[rows]).astype(np.int64) // 365
    wage_pu = np.round(draws["umk"] * factor * draws["noise"][rows], -3).astype(np.int64)
    wage = np.where(pu, wage_pu, np.where(np.isin(kind, ["city", "sponsor"]), 1_000_000, draws["incomes"][rows]))
    programs_pu = (
        BASE
        | np.where((age < 59) & jp_size, Program.JP, 0)
        | np.where((age < 54) & (start >= JKP_FROM), Program.JKP, 0)
    )
    jht = np.where((kind == "bpu") & (rows % 3 == 0), Program.JHT, 0)
    programs = np.where(pu, programs_pu, Program.JKK | Program.JKM | jht)
    proposals = draws["proposals"]
    employer_pk = np.array([e.pk for e in employers], dtype=np.int64)[chosen]
    return {
        "payer": [PAYER[k] for k in kind.tolist()],
        "employer": [pk if p else None for pk, p in zip(employer_pk.tolist(), pu.tolist(), strict=True)],
        "sponsor": np.where(kind == "sponsor", "CSR Bank Daerah", "").tolist(),
        "agency": [
            None if p or i not in proposals else proposals[i][3]
            for i, p in zip(rows.tolist(), pu.tolist(), strict=True)
        ],
        "segment": np.where(pu, "PU", "BPU").tolist(),
        "programs": programs.tolist(),
        "wage": wage.tolist(),
    }


def membership_rows(
    ctx: DemoContext, draws: dict[str, Any], workers: np.ndarray, births: np.ndarray
) -> Iterator[tuple[Any, ...]]:
    """Rows in the order of MEMBERSHIP_FIELDS, one per worker with a payer, built a column at a time."""
    rows = np.flatnonzero(draws["kind"][: len(workers)] != "none")
    terms = _membership_terms(ctx, draws, rows)
    pay = _membership_pay(draws, rows, terms["start"], births)
    n = len(rows)
    columns: list[Iterable[Any]] = [
        workers[rows].tolist(), pay["payer"], pay["employer"], pay["sponsor"], pay["agency"], pay["segment"],
        _work_sectors(ctx, pay["segment"]), pay["programs"], pay["wage"], bulk.db_dates(terms["start"]),
        terms["valid_to_db"], terms["reason"], repeat("", n), repeat(RULES_VERSION, n), repeat(draws["notes"], n),
        _registered_at(ctx, terms["start"]),
        _registered_at(ctx, terms["valid_to"]),  # the end recorded on its day, like the start
    ]  # fmt: skip
    return zip(*columns, strict=True)


def _work_sectors(ctx: DemoContext, segments: list[str]) -> list[str]:
    """Each membership's sektor pekerjaan: a transport occupation for about a quarter of BPU members."""
    names = np.asarray(["other", *TRANSPORT], dtype=object)
    shares = np.asarray([1 - sum(TRANSPORT.values()), *TRANSPORT.values()])
    drawn = np.random.default_rng(ctx.seed + 50_2025).choice(len(names), size=len(segments), p=shares)
    bpu = np.asarray(segments, dtype=object) == "BPU"
    sectors: list[str] = np.where(bpu, names[drawn], "other").tolist()
    return sectors


def worker_births(ctx: DemoContext) -> tuple[np.ndarray, np.ndarray]:
    """Ids and birth dates of the region's workers in id order, as arrays (dates read as ISO text)."""
    rows = (
        Worker.objects.filter(region=ctx.region)
        .order_by("pk")
        .values_list("pk", Cast("birth_date", output_field=CharField()))
    )
    pks, births = bulk.columns(rows, 2)
    return np.array(pks, dtype=np.int64), np.array(births, dtype="datetime64[D]")
