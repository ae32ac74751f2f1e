"""The vulnerable-worker programme in a real browser: an agency's proposal passes all four steps, by four
different users, into memberships; the coordinator reads the ledger, runs two scenarios and converts one."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _as(page: Any, app_server: dict[str, Any], username: str) -> None:
    page.context.clear_cookies()
    login(page, app_server, username)


def _status(page: Any) -> str:
    return str(page.get_attribute("[data-testid=proposal-status]", "data-status"))


def test_an_agency_proposal_passes_four_steps_by_four_users_into_memberships(
    page: Any, app_server: dict[str, Any]
) -> None:
    base = app_server["base"]
    _as(page, app_server, "dishub")
    page.goto(f"{base}/program-rentan/usulan/baru/")
    candidates = page.locator("[data-testid=candidate]")
    assert candidates.count() >= 2
    candidates.nth(0).check()
    candidates.nth(1).check()
    with page.expect_navigation():
        page.click("[data-testid=submit-proposal]")
    proposal_url = page.url
    assert re.search(r"/program-rentan/usulan/\d+/$", proposal_url)
    assert _status(page) == "submitted"
    assert page.locator("[data-testid=decision-form]").count() == 0  # the proposer may not check itself

    for username, status in (("disnaker", "verified"), ("bpkad", "budgeted"), ("bpjs", "enrolled")):
        _as(page, app_server, username)
        page.goto(proposal_url)
        with page.expect_navigation():
            page.click("[data-testid=decide]")
        assert _status(page) == status, username
        assert page.locator("[data-testid=decision-form]").count() == 0  # one step each

    steps = page.inner_text("[data-testid=steps]")
    for username in ("dishub", "disnaker", "bpkad", "bpjs"):
        assert username in steps
    rows = page.locator("[data-testid=row]")
    assert rows.count() == 2
    assert all("Kepesertaan #" in rows.nth(i).inner_text() for i in range(2))


def test_the_coordinator_reads_the_ledger_runs_two_scenarios_and_converts_one(
    page: Any, app_server: dict[str, Any]
) -> None:
    base = app_server["base"]
    _as(page, app_server, "koordinator")
    page.goto(f"{base}/program-rentan/")
    years = page.locator("[data-testid=programme-table] a[data-testid^=programme-]")
    assert years.count() >= 2
    with page.expect_navigation():
        years.first.click()
    assert page.locator("[data-testid=ledger-remaining]").inner_text().startswith("Rp")
    assert page.locator("[data-testid=ledger-months] tbody tr").count() == 12
    budget = int(re.sub(r"\D", "", page.inner_text("[data-testid=ledger-budget]")))

    page.goto(f"{base}/program-rentan/simulasi/")
    for name, money in (("Pagu naik 20 %", budget * 12 // 10), ("Pagu naik 50 %", budget * 15 // 10)):
        page.fill("#id_name", name)
        page.fill("#id_budget", str(money))
        with page.expect_navigation():
            page.click("[data-testid=run-scenario]")
        total = page.inner_text("[data-testid=total-workers]")  # grouped by thousands: "2.606"
        assert int(total.replace(".", "").replace(",", "")) > 0
        page.goto(f"{base}/program-rentan/simulasi/")
    boxes = page.locator("[data-testid^=compare-]:not([data-testid=compare])")
    boxes.nth(0).check()
    boxes.nth(1).check()
    with page.expect_navigation():
        page.click("[data-testid=compare]")
    assert page.locator("[data-testid=total-workers]").count() == 2
    with page.expect_navigation():
        page.locator("[data-testid^=convert-]").first.click()
    assert page.locator("[data-testid=activate]").count() == 1  # the new year's programme, a draft
    with page.expect_navigation():
        page.click("[data-testid=activate]")
    assert "Berjalan" in page.content()
