"""The city-funded vulnerable-worker programme (APBD): budget ledger, eligibility, proposals, what-if planner."""
