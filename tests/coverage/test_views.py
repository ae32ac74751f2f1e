"""Coverage pages through the test client: each role's dashboard, scope, empty states, query counts."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from lindung.core.models import AuditEntry, District
from lindung.core.services import workforce_replace
from lindung.coverage.models import FollowUp
from tests.coverage.conftest import AS_OF
from tests.coverage.factories import City
from tests.factories import World

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("coverage_dashboard")


def client_for(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
    return client


def body(response: Any) -> str:
    return response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "auditor", "branch_officer", "admin"])
def test_region_wide_roles_see_the_city_with_its_map_and_charts(refreshed: City, role: str) -> None:
    response = client_for(refreshed.world, role).get(DASHBOARD)
    page = body(response)
    assert response.status_code == 200
    assert 'data-testid="tile-map"' in page and page.count('class="tile"') == 2
    assert 'id="chart-trend"' in page and "coverage-charts" in page and "plotly/plotly.min.js" in page
    assert response.context["board"].figures.total.value("participants") == 6
    assert "15 Februari 2026" in page


def test_the_agency_officer_sees_what_its_agency_reaches_and_its_sector(refreshed: City) -> None:
    client = client_for(refreshed.world, "agency_officer")
    board = client.get(DASHBOARD).context["board"]
    assert board.view.agency == refreshed.world.agency
    assert board.figures.total.value("participants") == 3, "the members of its employer (PT Angkutan Deli)"
    assert [row.key for row in board.sector_focus] == ["transport_communication"]
    assert board.map.title == "sector"
    other = client.get(DASHBOARD + "?perangkat=dinsos").context["board"]
    assert other.view.agency == refreshed.world.agency, "an agency officer cannot look at another agency"


@pytest.mark.parametrize("role", ["employer", "worker", "no_role"])
def test_roles_without_coverage_get_404(refreshed: City, role: str) -> None:
    client = client_for(refreshed.world, role)
    for url in (DASHBOARD, reverse("coverage_gaps"), reverse("coverage_reports"), reverse("coverage_export")):
        assert client.get(url).status_code == 404


def test_the_dashboard_query_count_is_bounded(refreshed: City, django_assert_max_num_queries: Any) -> None:
    client = client_for(refreshed.world, "coordinator")
    client.get(DASHBOARD)  # warm the session and the caches
    with django_assert_max_num_queries(20):
        client.get(DASHBOARD)
    agency = client_for(refreshed.world, "agency_officer")
    agency.get(DASHBOARD)
    with django_assert_max_num_queries(21):
        agency.get(DASHBOARD)


def test_empty_states_say_what_is_missing(city: City) -> None:
    client = client_for(city.world, "coordinator")
    page = body(client.get(DASHBOARD))
    assert 'data-testid="empty-state"' in page and "Belum ada data cakupan" in page and "Hitung sekarang" in page
    from lindung.coverage.refresh import coverage_refresh

    coverage_refresh(region=city.world.medan, as_of=AS_OF)
    before = body(client.get(DASHBOARD + "?tanggal=2019-05-01"))
    assert "data tersedia mulai 31 Januari 2025" in before
    none = body(client.get(DASHBOARD + "?ukuran=pmi"))
    assert "Tidak ada peserta untuk ukuran" in none
    bad = client.get(DASHBOARD + "?tanggal=31-12-2025", follow=True)
    assert bad.status_code == 200 and "tidak dikenal" in body(bad)


def test_a_date_picks_the_latest_snapshot_on_or_before_it(refreshed: City) -> None:
    board = client_for(refreshed.world, "coordinator").get(DASHBOARD + "?tanggal=2025-07-10").context["board"]
    assert board.pick.as_of == dt.date(2025, 6, 30)
    assert board.figures.total.value("participants") == 5


def test_drill_down_from_kecamatan_to_kelurahan(refreshed: City) -> None:
    client = client_for(refreshed.world, "coordinator")
    response = client.get(reverse("coverage_district", args=["12.71.02"]))
    assert response.status_code == 200
    villages = {row.key: row.value("participants") for row in response.context["data"].villages}
    assert villages == {"12.71.02.1001": 2, "12.71.02.1002": 1}
    assert response.context["data"].figures.total.rate("participants") == 3.0, "3 of 100 workers"
    binjai = District.objects.get(region=refreshed.world.other)
    assert client.get(reverse("coverage_district", args=[binjai.code])).status_code == 404
    agency = client_for(refreshed.world, "agency_officer").get(reverse("coverage_district", args=["12.71.02"]))
    assert agency.status_code == 200 and agency.context["data"].figures is None


def test_the_workforce_upload_changes_the_rates_at_once(refreshed: City) -> None:
    client = client_for(refreshed.world, "coordinator")
    assert client.get(DASHBOARD).context["board"].figures.total.rate("participants") == 2.31  # 6 of 260
    rows = [
        {"kecamatan_code": c, "sex": "M", "sector": "trade_hospitality", "count": 300} for c in ("12.71.01", "12.71.02")
    ]
    workforce_replace(region=refreshed.world.medan, rows=rows, is_estimate=False, source="BPS uji")
    assert client.get(DASHBOARD).context["board"].figures.total.rate("participants") == 1.0


def test_every_table_exports_to_xlsx(refreshed: City) -> None:
    response = client_for(refreshed.world, "coordinator").get(reverse("coverage_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"Ringkasan", "Kecamatan", "Kelurahan", "Sektor", "Tren bulanan"} <= set(book.sheetnames)
    assert book["Kecamatan"]["B2"].value == "12.71.01", "codes stay text"


def test_gap_lists_and_their_exports(refreshed: City) -> None:
    client = client_for(refreshed.world, "coordinator")
    villages = client.get(reverse("coverage_gaps")).context["page"].object_list
    assert [row.key for row in villages] == ["12.71.01.1001", "12.71.02.1002", "12.71.02.1001"], "3/160, 1/50, 2/50"
    sectors = client.get(reverse("coverage_gaps_kind", args=["sektor"])).context["page"].object_list
    assert sectors[0].participants == 0
    pds = body(client.get(reverse("coverage_gaps_kind", args=["pds"])))
    assert "PT Angkutan Deli" in pds and "upah di bawah UMK" in pds
    lapsing = body(client.get(reverse("coverage_gaps_kind", args=["menunggak"])))
    assert "Data tagihan belum tersedia" in lapsing
    export = client.get(reverse("coverage_gaps_kind", args=["pds"]) + "?format=xlsx")
    assert openpyxl.load_workbook(io.BytesIO(export.content))["Indikasi PDS"]["A2"].value == "PT Angkutan Deli"


def test_assigning_a_gap_and_following_it_up(refreshed: City) -> None:
    w = refreshed.world
    coordinator = client_for(w, "coordinator")
    form = {
        "kind": "village",
        "subject": "12.71.02.1002",
        "agency": "dishub",
        "figure": "2,5%",
        "next": "/cakupan/kesenjangan/",
    }
    response = coordinator.post(reverse("coverage_assign"), form, follow=True)
    assert "Ditugaskan kepada Dinas Perhubungan" in body(response)
    followup = FollowUp.objects.get()
    assert (
        followup.subject_label == "Kel. Selatan Dua, Kec. Kota Medan Dua"
        and followup.assigned_by == w.users["coordinator"]
    )
    assert AuditEntry.objects.filter(object_type="coverage.FollowUp", action="create").exists()
    again = coordinator.post(reverse("coverage_assign"), form, follow=True)
    assert "sudah menangani" in body(again) and FollowUp.objects.count() == 1
    refused = client_for(w, "auditor").post(reverse("coverage_assign"), form)
    assert refused.status_code == 403 and "Auditor hanya membaca" in body(refused), "auditors only read"
    status_url = reverse("coverage_followup_status", args=[followup.pk])
    officer = client_for(w, "agency_officer")
    assert "Kel. Selatan Dua" in body(officer.get(reverse("coverage_followups")))
    officer.post(status_url, {"status": "done", "note": "Sosialisasi 3 Maret"})
    followup.refresh_from_db()
    assert followup.status == "done" and followup.closed_at and "Sosialisasi 3 Maret" in followup.note
    foreign = form | {"subject": "12.75.01.1001"}
    assert "tidak ditemukan" in body(coordinator.post(reverse("coverage_assign"), foreign, follow=True))


def test_reports_page_and_downloads_are_in_scope(refreshed: City) -> None:
    from django_tasks_db.models import DBTaskResult

    coordinator = client_for(refreshed.world, "coordinator")
    page = body(coordinator.get(reverse("coverage_reports")))
    assert "Belum ada laporan bulanan" in page
    coordinator.post(reverse("coverage_report_generate"), {"period": "2026-01"})
    assert DBTaskResult.objects.filter(task_path__endswith="report_monthly_task").count() == 1
    assert client_for(refreshed.world, "agency_officer").get(reverse("coverage_reports")).status_code == 404
    refused = client_for(refreshed.world, "auditor").post(reverse("coverage_report_generate"), {"period": "2026-01"})
    assert refused.status_code == 403 and "Auditor hanya membaca" in body(refused)
