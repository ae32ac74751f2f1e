"""Programme pages write worker counts as the rest of the platform does ("12.345", "12,345" in English)."""

from __future__ import annotations

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation


def test_the_scenario_summary_groups_counts_by_thousands() -> None:
    scenario = SimpleNamespace(budget=10**9, first_month=1, last_month=12, months=12, program_names=["JKK", "JKM"])
    result = SimpleNamespace(
        per_worker=16_800,
        continuing=1_234,
        new_workers=12_345,
        total_workers=13_579,
        cost=0,
        leftover=0,
        unplaced=2_000,
    )
    with translation.override("id"):
        html = render_to_string("programmes/_scenario_summary.html", {"s": scenario, "r": result})
    assert 'data-testid="total-workers">13.579<' in html and 'data-testid="new-workers">12.345<' in html
    assert ">1.234<" in html and ">2.000<" in html
    with translation.override("en"):
        html = render_to_string("programmes/_scenario_summary.html", {"s": scenario, "r": result})
    assert 'data-testid="total-workers">13,579<' in html
