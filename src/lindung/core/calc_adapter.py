"""The one adapter through which the Django side reaches the rules package for single calculations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from lindung.regions.nik import NikCheck, check_nik
from lindung.rules import api as rules_api
from lindung.rules.params import Parameter, ParameterValue, Topic, all_parameters, all_topics

KINDS = rules_api.KINDS


def calc_run(kind: str, payload: object) -> tuple[object, bool]:
    """An object in, an object out; an array in, an array out (errors per row). ``ok`` False = exit 2."""
    return rules_api.run(kind, payload)


def nik_check_json(payload: object, *, today: dt.date, region: str | None) -> tuple[object, bool]:
    """`lindung check nik`: {"nik": "..."} (or an array of them) → the structure check as JSON."""
    if isinstance(payload, list):
        return [_nik_one(item, today, region)[0] for item in payload], True
    return _nik_one(payload, today, region)


def _nik_one(item: object, today: dt.date, region: str | None) -> tuple[dict[str, Any], bool]:
    if not isinstance(item, Mapping) or not isinstance(item.get("nik"), str):
        return {"error": "required", "field": "nik", "message": 'give {"nik": "<16 digits>"}'}, False
    birth = item.get("birth_date")
    try:
        birth_date = dt.date.fromisoformat(birth) if isinstance(birth, str) else None
    except ValueError:
        return {"error": "invalid_date", "field": "birth_date", "message": "use YYYY-MM-DD"}, False
    sex = item.get("sex") if item.get("sex") in ("M", "F") else None
    result = check_nik(item["nik"], today=today, region=region, birth_date=birth_date, sex=sex)
    return nik_check_as_dict(result), True


def nik_check_as_dict(result: NikCheck) -> dict[str, Any]:
    def issues(items: Any) -> list[dict[str, str]]:
        return [{"code": i.code.value, "message": i.message_id, "message_en": i.message_en} for i in items]

    return {
        "valid": result.valid,
        "nik_masked": (result.nik[:4] + "********" + result.nik[-4:]) if result.nik and len(result.nik) == 16 else None,
        "errors": issues(result.errors),
        "warnings": issues(result.warnings),
        "birth_date": result.birth_date.isoformat() if result.birth_date else None,
        "sex": result.sex.value if result.sex else None,
        "region_code": result.district_code or result.regency_code or result.province_code,
        "region_name": result.district_name or result.regency_name or result.province_name,
        "in_region": result.in_region,
    }


def parameter_table(as_of: dt.date | None) -> list[dict[str, Any]]:
    """Every parameter with its dated values and references (only the value in force when ``as_of`` is given)."""
    rows = []
    for name, param in sorted(all_parameters().items()):
        values = [v for v in param.values if as_of is None or v.covers(as_of)]
        rows.append({"name": name, "parameter": param, "values": values})
    return rows


def parameter_topics() -> Mapping[str, Topic]:
    """Each parameter file's own texts (what its parameters are about), by topic (``jp``)."""
    return all_topics()


def parameter_entry(name: str, start: dt.date) -> tuple[Parameter, ParameterValue] | None:
    """The parameter ``name`` and its value that took effect on ``start`` (a line of an explanation), if any."""
    param = all_parameters().get(name)
    value = next((v for v in param.values if v.start == start), None) if param is not None else None
    return (param, value) if param is not None and value is not None else None


def parameter_stored(name: str, start: str, text: str) -> tuple[Parameter, ParameterValue] | None:
    """The parameter ``name`` and its value from ``start`` (ISO) that a stored copy reads ``text`` (``str`` of the
    value, as a billing run's reference set keeps it), if the rules still have it; else None (the copy differs)."""
    try:
        found = parameter_entry(name, dt.date.fromisoformat(start))
    except (TypeError, ValueError):
        return None
    return found if found is not None and str(found[1].value) == text else None
