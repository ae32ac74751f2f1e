"""The common result of a benefit or eligibility formula."""

from __future__ import annotations

from dataclasses import dataclass, field

from lindung.rules import explain
from lindung.rules.params import ParameterValue

#: Every warning code a benefit can carry (the calc contract lists them; pages word each one).
WARNING_CODES = frozenset(
    {
        "jkk_claim_expired",
        "jht_return_assumed",
        "jp_minimum_not_applied",
        "jp_maximum_not_applied",
        "pension_age_not_reached",
        "no_survivor",
        "amount_not_computed",
        "no_scholarship",
    }
)


@dataclass
class BenefitResult:
    """Named amounts in whole rupiah, whether the claimant is eligible, and why (ID and EN)."""

    program: str
    event: str
    eligible: bool
    amounts: dict[str, int] = field(default_factory=dict)
    reason: tuple[str, str] = ("", "")
    used: list[ParameterValue] = field(default_factory=list)
    warnings: list[dict[str, object]] = field(default_factory=list)
    details: dict[str, object] = field(default_factory=dict)

    def warn(self, code: str, message: str, **values: object) -> None:
        """Add a warning with a stable ``code`` and the values its sentence needs; ``message`` is English."""
        if code not in WARNING_CODES:
            raise ValueError(f"unlisted benefit warning code {code!r}: add it to WARNING_CODES and the contract")
        self.warnings.append({"code": code, **values, "message": message})

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
            "warnings": [dict(w) for w in self.warnings],
        }
        if self.details:
            out["details"] = dict(self.details)
        if explain_on:
            out["explanation"] = explain.trace(self.used)
            out["sentence"] = {"id": self.reason[0], "en": self.reason[1]}
        return out
