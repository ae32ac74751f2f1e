"""End to end with billing (issue #5): enrolled members appear on the next city bill, matched to the ledger."""

from __future__ import annotations

import datetime as dt

from lindung.billing.models import Invoice, Line
from lindung.billing.services.runs import billing_run_execute, billing_run_start
from lindung.programmes.models import Step
from lindung.programmes.selectors.ledger import programme_ledger
from tests.factories import World
from tests.programmes.builders import approve_step, make_candidates, make_offices, make_programme, propose


def test_enrolled_members_are_on_the_next_city_bill_and_it_matches_the_ledger(world: World) -> None:
    offices = make_offices(world)
    programme = make_programme(world)
    proposal = propose(world, programme, make_candidates(world, 3))
    for step, user in ((Step.VERIFY, offices.users["manpower"]), (Step.BUDGET, offices.users["finance"]),
                       (Step.ENROL, world.users["branch_officer"])):  # fmt: skip
        proposal = approve_step(proposal, step, user)
    april = dt.date(2026, 4, 1)
    run = billing_run_execute(run=billing_run_start(region=world.medan, period=april, today=dt.date(2026, 4, 5)))
    invoice = Invoice.objects.get(run=run, account__kind="city_programme")
    members = set(proposal.rows.values_list("membership_id", flat=True))
    billed = set(Line.objects.filter(run=run, account=invoice.account).values_list("membership_id", flat=True))
    assert members <= billed
    month = next(
        m for m in programme_ledger(programme=programme, as_of=dt.date(2026, 5, 2)).months if m.period == april
    )
    assert (month.members, month.cost, month.billed, month.difference) == (3, 3 * 16_800, 3 * 16_800, 0)
