"""The programme's models: programmes and scenarios, proposals with their steps, replacements."""

from lindung.programmes.models.programme import (
    DEFAULT_WEIGHTS,
    FULL_SHARE,
    Criterion,
    FundingShare,
    FundingSource,
    Programme,
    ProgrammeStatus,
    Scenario,
)
from lindung.programmes.models.proposals import (
    AFTER_STEP,
    NEXT_STEP,
    REPLACEMENT_REASONS,
    STEPS,
    Proposal,
    ProposalRow,
    ProposalStatus,
    Replacement,
    ReplacementStatus,
    RowStatus,
    Step,
    StepDecision,
)

__all__ = [
    "AFTER_STEP",
    "DEFAULT_WEIGHTS",
    "FULL_SHARE",
    "NEXT_STEP",
    "REPLACEMENT_REASONS",
    "STEPS",
    "Criterion",
    "FundingShare",
    "FundingSource",
    "Programme",
    "ProgrammeStatus",
    "Proposal",
    "ProposalRow",
    "ProposalStatus",
    "Replacement",
    "ReplacementStatus",
    "RowStatus",
    "Scenario",
    "Step",
    "StepDecision",
]
