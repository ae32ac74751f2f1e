"""Writes of the programme (``<entity>_<action>``: keyword-only, typed, transactional), split by topic."""

from lindung.programmes.services.approvals import RowDecision, approve_all, proposal_decide
from lindung.programmes.services.checks import FundingInput
from lindung.programmes.services.programmes import (
    programme_activate,
    programme_close,
    programme_create,
    programme_update,
)
from lindung.programmes.services.proposals import ProposalOutcome, proposal_create, proposal_create_from_import
from lindung.programmes.services.replacements import replacement_propose, replacement_skip, replacements_sync
from lindung.programmes.services.scenarios import scenario_create, scenario_to_programme

__all__ = [
    "FundingInput",
    "ProposalOutcome",
    "RowDecision",
    "approve_all",
    "programme_activate",
    "programme_close",
    "programme_create",
    "programme_update",
    "proposal_create",
    "proposal_create_from_import",
    "proposal_decide",
    "replacement_propose",
    "replacement_skip",
    "replacements_sync",
    "scenario_create",
    "scenario_to_programme",
]
