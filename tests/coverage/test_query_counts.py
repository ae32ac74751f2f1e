"""Every coverage page reads a fixed number of queries, whatever the data: pinned per page and role.

The pages read the pre-aggregated snapshots, never the registry; these counts hold with a handful of members
and with ten times more members, kelurahan, sectors, follow-ups, snapshots and report jobs. A page that starts
to read per row (a follow-up's agency, a report's region) or per dimension shows here first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lindung.core.models import District, Village
from lindung.coverage.models import CoverageReport, FollowUp
from lindung.coverage.refresh import coverage_refresh
from lindung.coverage.report_jobs import report_job_create
from lindung.coverage.selectors.reference import Workforce
from tests.coverage.factories import City, make_membership, make_worker
from tests.coverage.test_views import client_for

pytestmark = pytest.mark.django_db
PAGES = {
    "dashboard": reverse("coverage_dashboard"),
    "district": reverse("coverage_district", args=["12.71.01"]),
    "export": reverse("coverage_export"),
    "villages": reverse("coverage_gaps"),
    "sectors": reverse("coverage_gaps_kind", args=["sektor"]),
    "pds": reverse("coverage_gaps_kind", args=["pds"]),
    "lapsing": reverse("coverage_gaps_kind", args=["menunggak"]),
    "followups": reverse("coverage_followups"),
    "targets": reverse("coverage_targets"),
    "reports": reverse("coverage_reports"),
}
#: Queries of each page per role (session, user and scope included). The agency officer sees no targets or
#: reports (404 after its scope).
COUNTS = {
    "coordinator": {
        "dashboard": 15, "district": 12, "export": 15, "villages": 12, "sectors": 12, "pds": 8, "lapsing": 8,
        "followups": 6, "targets": 7, "reports": 6,
    },
    "branch_officer": {
        "dashboard": 16, "district": 13, "export": 16, "villages": 13, "sectors": 13, "pds": 9, "lapsing": 9,
        "followups": 7, "targets": 8, "reports": 7,
    },
    "agency_officer": {
        "dashboard": 16, "district": 13, "export": 16, "villages": 12, "sectors": 12, "pds": 8, "lapsing": 8,
        "followups": 7, "targets": 4, "reports": 4,
    },
}  # fmt: skip


def _counts(client: Client) -> dict[str, int]:
    found = {}
    for name, url in PAGES.items():
        client.get(url)  # warm the session and the per-process caches (profiles, tile grids)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        assert status in {200, 404}, f"{name}: {status}"
        found[name] = len(queries)
    return found


def _grow(city: City) -> None:
    """Ten times the members, more kelurahan, follow-ups of every kind, more snapshots and report jobs."""
    w = city.world
    north, south = city.north, city.south
    extra = [
        Village.objects.create(district=district, code=f"{district.code}.{2000 + i}", name=f"Baru {i}")
        for i, district in enumerate([north, south] * 4)
    ]
    villages = [*city.villages, *extra]
    for i in range(40):
        worker = make_worker(w.medan, villages[i % len(villages)], sex="MF"[i % 2], agency=w.agency if i % 3 else None)
        employer = w.employer if i % 2 else city.employer
        make_membership(worker, employer=employer, start=dt.date(2025, 1 + i % 12, 3), agency=w.agency)
    District.objects.create(region=w.medan, code="12.71.03", name="Kota Medan Tiga")
    for i, village in enumerate(villages):
        for agency in (w.agency, w.other_agency):
            FollowUp.objects.create(
                region=w.medan, kind="village", subject_key=village.code, subject_label=village.name,
                figure=f"{i}.5%", agency=agency, assigned_at="2026-02-15T08:00Z", assigned_by=w.users["coordinator"],
            )  # fmt: skip
    coverage_refresh(region=w.medan, as_of=dt.date(2026, 4, 20))
    for month in (1, 2, 3):
        period = dt.date(2026, month, 1)
        CoverageReport.objects.create(
            region=w.medan, period=period, as_of=period, pdf="a.pdf", xlsx="a.xlsx",
            generated_at="2026-04-01T00:00Z", generated_by="uji",
        )  # fmt: skip
        report_job_create(region=w.medan, period=period, user=w.users["coordinator"])


@pytest.mark.parametrize("role", list(COUNTS))
def test_each_page_reads_the_same_queries_with_ten_times_the_data(refreshed: City, role: str) -> None:
    w = refreshed.world
    FollowUp.objects.create(
        region=w.medan,
        kind="sector",
        subject_key="12.71.01:transport_communication",
        subject_label="Transport",
        figure="2,5%",
        agency=w.agency,
        assigned_at="2026-02-15T08:00Z",
    )  # fmt: skip: one row, so the list pages read their rows in both cases
    client = client_for(w, role)
    small = _counts(client)
    _grow(refreshed)
    large = _counts(client)
    assert large == small, "a page reads more queries with more data"
    assert large == COUNTS[role]


def test_the_workforce_sums_are_read_once_not_once_per_question() -> None:
    cells = {(district, sex, sector): 10 for district in "ab" for sex in "MF" for sector in ("x", "y", "z")}
    workforce = Workforce(dict(cells))
    assert workforce.count() == 120 and workforce.count(district="a") == 60
    assert workforce.count(district="b", sex="F", sector="z") == 10 and workforce.count(sector="y", sex="M") == 20
    assert workforce.count(district="c") == 0
    workforce.cells[("c", "M", "x")] = 5  # the reference fills cells after building: sums follow
    assert workforce.count(district="c") == 5 and workforce.count() == 125
    calls: list[Any] = []
    workforce._sum = lambda: calls.append(1)  # type: ignore[method-assign]
    for district in "abc":
        workforce.count(district=district)
    assert calls == [], "summed once for every question"
