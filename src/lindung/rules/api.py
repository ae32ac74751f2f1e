"""The JSON-level calc contract (docs/calc-contract.md), used by the CLI and the REST layer.

``contribution``, ``benefit`` and ``eligibility`` take one JSON object (a dict) and return a dict; bad
input raises ``RulesInputError(field, message, accepted)``. ``*_batch`` and ``run`` take a list and return
a list in the same order, an error row being ``{"error": code, "field": name, "message": ...}`` while the
other rows are still computed. Explanations are on by default for a single object and off in a batch
unless a row asks for them with ``"explain": true``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Final

from lindung.rules import api_contribution, api_input
from lindung.rules.errors import RulesError, RulesInputError, RulesNotCoveredError
from lindung.rules.version import RULES_VERSION

Obj = Mapping[str, object]
Result = dict[str, object]
KINDS: Final = ("contribution", "benefit", "eligibility")


def _explain(obj: Obj, default: bool) -> bool:
    return api_input.flag(obj, "explain", default)


def _stamp(out: Result) -> Result:
    out["rules_version"] = RULES_VERSION
    return out


def contribution(obj: Obj, *, explain_default: bool = True) -> Result:
    """Contributions of one participant (PU, BPU), one construction contract, or one PMI contract."""
    _require_object(obj)
    segment = api_input.segment(obj)
    explain_on = _explain(obj, explain_default)
    if segment in ("PU", "BPU"):
        return _stamp(api_contribution.person(obj, segment, explain_on))
    if segment == "JASA_KONSTRUKSI":
        return _stamp(api_contribution.construction_project(obj, explain_on))
    return _stamp(api_contribution.migrant_worker(obj, explain_on))


def benefit(obj: Obj, *, explain_default: bool = True) -> Result:
    """A benefit estimate for one event (see docs/calc-contract.md for the events)."""
    from lindung.rules import api_benefit

    _require_object(obj)
    return _stamp(api_benefit.benefit(obj, _explain(obj, explain_default)))


def eligibility(obj: Obj, *, explain_default: bool = True) -> Result:
    """Eligibility checks the registry needs (JP, JKP, BPU income, required programmes)."""
    from lindung.rules import api_eligibility

    _require_object(obj)
    return _stamp(api_eligibility.eligibility(obj, _explain(obj, explain_default)))


CALLS: Final[dict[str, Callable[..., Result]]] = {
    "contribution": contribution,
    "benefit": benefit,
    "eligibility": eligibility,
}


def _require_object(obj: object) -> None:
    if not isinstance(obj, Mapping):
        raise RulesInputError("(root)", "each input must be a JSON object", "object", code="invalid")


def error_object(exc: RulesError) -> Result:
    """The JSON error object of an exception raised by the rules."""
    if isinstance(exc, RulesInputError | RulesNotCoveredError):
        return exc.as_dict()
    return {"error": "invalid", "field": "(root)", "message": str(exc)}


def batch(kind: str, items: Sequence[object]) -> list[Result]:
    """Run ``kind`` on every item; a bad row becomes its error object and the others are still computed."""
    call = CALLS[kind]
    out: list[Result] = []
    for item in items:
        try:
            if not isinstance(item, Mapping):
                raise RulesInputError("(root)", "each array item must be a JSON object", "object")
            out.append(call(item, explain_default=False))
        except RulesError as exc:
            out.append(error_object(exc))
    return out


def contribution_batch(items: Sequence[object]) -> list[Result]:
    return batch("contribution", items)


def benefit_batch(items: Sequence[object]) -> list[Result]:
    return batch("benefit", items)


def eligibility_batch(items: Sequence[object]) -> list[Result]:
    return batch("eligibility", items)


def run(kind: str, payload: object) -> tuple[object, bool]:
    """CLI/REST entry: an object in, an object out; an array in, an array out (same order).

    Returns (output, ok). ``ok`` is False when a single object failed (the CLI then exits with 2); in an
    array, failing rows are reported in place and ``ok`` stays True.
    """
    if kind not in CALLS:
        return {
            "error": "unknown_value",
            "field": "command",
            "message": f"unknown calc {kind!r}",
            "accepted": list(KINDS),
        }, False
    if isinstance(payload, list):
        return batch(kind, payload), True
    try:
        if not isinstance(payload, Mapping):
            raise RulesInputError("(root)", "input must be a JSON object or an array of objects", "object or array")
        return CALLS[kind](payload), True
    except RulesError as exc:
        return error_object(exc), False
