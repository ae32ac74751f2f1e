"""The common result of a benefit or eligibility formula."""

from __future__ import annotations

from dataclasses import dataclass, field

from lindung.rules import explain
from lindung.rules.params import ParameterValue


@dataclass
class BenefitResult:
    """Named amounts in whole rupiah, whether the claimant is eligible, and why (ID and EN)."""

    program: str
    event: str
    eligible: bool
    amounts: dict[str, int] = field(default_factory=dict)
    reason: tuple[str, str] = ("", "")
    used: list[ParameterValue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    details: dict[str, object] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.amounts.values())

    def as_dict(self, explain_on: bool) -> dict[str, object]:
        out: dict[str, object] = {
            "program": self.program,
            "event": self.event,
            "eligible": self.eligible,
            "amounts": dict(self.amounts),
            "total": self.total,
            "reason": self.reason[1],
            "references": explain.references(self.used),
            "warnings": list(self.warnings),
        }
        if self.details:
            out["details"] = dict(self.details)
        if explain_on:
            out["explanation"] = explain.trace(self.used)
            out["sentence"] = {"id": self.reason[0], "en": self.reason[1]}
        return out
