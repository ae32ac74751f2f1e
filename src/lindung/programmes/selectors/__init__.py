"""Reads of the programme, always within the caller's scope: ledger, eligibility, planner, proposals."""
