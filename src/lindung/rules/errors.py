"""Errors raised by the rules package: bad input, bad parameter data, and law not modelled."""

from __future__ import annotations

from collections.abc import Sequence


class RulesError(Exception):
    """Base class of every error the rules package raises on purpose."""


class RulesInputError(RulesError, ValueError):
    """An input field is missing, malformed or outside the values the law knows.

    ``code`` is a stable machine name for the JSON layer (``invalid``, ``required``, ``unknown_value``,
    ``out_of_range``, ``not_applicable``); ``accepted`` lists or describes the values that would be accepted.
    """

    def __init__(
        self,
        field: str,
        message: str,
        accepted: Sequence[str] | str | None = None,
        *,
        code: str = "invalid",
    ) -> None:
        self.field = field
        self.message = message
        self.accepted = accepted
        self.code = code
        super().__init__(f"{field}: {message}")

    def as_dict(self) -> dict[str, object]:
        """Return the JSON error object of the calc contract."""
        out: dict[str, object] = {"error": self.code, "field": self.field, "message": self.message}
        if self.accepted is not None:
            out["accepted"] = self.accepted if isinstance(self.accepted, str) else list(self.accepted)
        return out


class RulesNotCoveredError(RulesError):
    """The law for this date or case is known to exist but its figure was not found; we refuse to guess."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.message = message
        super().__init__(f"{parameter}: {message}")

    def as_dict(self) -> dict[str, object]:
        return {"error": "not_covered", "field": self.parameter, "message": self.message}


class ParameterDataError(RulesError):
    """A parameter file breaks the schema (missing reference, overlapping or missing period, bad unit)."""
