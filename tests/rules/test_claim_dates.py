"""A claim date is on or after the event it claims for; past the JKK claim period every JKK amount is zero."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.rules import api
from lindung.rules.deadlines import add_months

JKK_EVENTS = {
    "medical": {},
    "transport": {"transport_mode": "sea", "cost": 3_000_000},
    "home_care": {"cost": 5_000_000, "care_months": 3},
    "temporary_incapacity": {"monthly_wage": 4_000_000, "incapacity_months": 2},
}
accidents = st.dates(min_value=dt.date(2019, 12, 2), max_value=dt.date(2027, 12, 31))


@settings(max_examples=60, deadline=None)
@given(accident=accidents, days=st.integers(min_value=-400, max_value=2500), event=st.sampled_from(list(JKK_EVENTS)))
def test_a_jkk_claim_is_refused_before_the_accident_and_expires_after_five_years(
    accident: dt.date, days: int, event: str
) -> None:
    claim = accident + dt.timedelta(days=days)
    obj = {"event": event, "date": accident.isoformat(), "claim_date": claim.isoformat(), **JKK_EVENTS[event]}
    out, ok = api.run("benefit", {**obj, "explain": False})
    assert isinstance(out, dict)
    if claim < accident:
        assert not ok and out["error"] == "out_of_range" and out["field"] == "claim_date"
        return
    on_time = claim <= add_months(accident, 60)  # PP 82/2019: five years from the accident
    fresh, _ = api.run("benefit", {k: v for k, v in obj.items() if k != "claim_date"} | {"explain": False})
    assert isinstance(fresh, dict)
    assert ok and out["eligible"] is on_time
    assert out["amounts"] == (fresh["amounts"] if on_time else {k: 0 for k in fresh["amounts"]})
    assert [w["code"] for w in out["warnings"]] == ([] if on_time else ["jkk_claim_expired"])
