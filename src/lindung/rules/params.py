"""Load, validate and query the dated parameters in ``parameters/*.yaml``.

Each file holds one programme or topic. A parameter has a description, a unit and dated values (``from``,
optional ``to``, inclusive); every value carries a reference (regulation, article, date, url where one
exists). The loader rejects a file with a value without reference, overlapping periods, or a gap inside a
parameter whose ``continuity`` is ``continuous`` (the default): where a rule must apply there is always a
value, or an explicit ``value: null`` entry whose ``note`` says the figure was not found.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Final

import yaml

from lindung.rules.errors import ParameterDataError, RulesNotCoveredError
from lindung.rules.money import parse_rate

PARAMETER_DIR: Final = Path(__file__).parent / "parameters"
SAFE_LOADER: Final = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there
UNITS: Final = frozenset(
    {"rate", "rupiah", "months", "years", "days", "count", "multiplier", "day_of_month", "flag", "list", "text"}
)
CONFIDENCE: Final = ("high", "medium-high", "medium", "low-medium", "low")
_VALUE_KEYS: Final = frozenset({"from", "to", "value", "reference", "confidence", "note"})
_PARAM_KEYS: Final = frozenset({"description", "unit", "values", "continuity", "note", "ended"})
_REF_KEYS: Final = frozenset({"regulation", "article", "date", "url"})
NO_ARTICLE: Final = "-"  # the article was not confirmed in a stored text; the note says why


@dataclass(frozen=True, slots=True)
class Reference:
    """Where a value comes from in the law.

    ``regulation`` and ``article`` are language-neutral (the regulator's own names: ``PP 44/2015``, ``Pasal 19
    ayat (3)``, ``Lampiran II``) because pages quote them inside sentences of either language; commentary in
    English belongs in the value's ``note``. ``article`` is ``-`` where no article could be confirmed in a stored
    text of the regulation; the note then says what was searched and which source states the value.
    """

    regulation: str
    article: str
    date: dt.date
    url: str | None = None

    def short(self) -> str:
        """``PP 44/2015 Pasal 16`` (or the regulation alone when the article is ``-``)."""
        return self.regulation if self.article == NO_ARTICLE else f"{self.regulation} {self.article}".strip()

    def as_dict(self) -> dict[str, str]:
        out = {"regulation": self.regulation, "article": self.article, "date": self.date.isoformat()}
        if self.url:
            out["url"] = self.url
        return out


@dataclass(frozen=True, slots=True)
class ParameterValue:
    """One dated value of a parameter."""

    name: str
    value: object
    start: dt.date
    end: dt.date | None
    reference: Reference
    confidence: str
    note: str | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Parameter:
    """A named legal quantity and its history."""

    name: str
    description: str
    unit: str
    values: tuple[ParameterValue, ...]
    continuity: str
    note: str | None

    def at(self, day: dt.date) -> ParameterValue | None:
        """Return the value in force on ``day``, or None where the rule does not apply."""
        for value in self.values:
            if value.covers(day):
                return value
        return None

    def require(self, day: dt.date) -> ParameterValue:
        """Return the value in force on ``day``; raise RulesNotCoveredError if there is none or it is unknown."""
        found = self.at(day)
        if found is None:
            first = self.values[0].start.isoformat()
            raise RulesNotCoveredError(self.name, f"no value on {day.isoformat()} (values start {first})")
        if found.value is None:
            raise RulesNotCoveredError(self.name, f"value on {day.isoformat()} not known: {found.note}")
        return found


def _as_date(raw: object, where: str) -> dt.date:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise ParameterDataError(f"{where}: not a date (YYYY-MM-DD): {raw!r}")


def _reference(raw: object, where: str) -> Reference:
    if not isinstance(raw, dict):
        raise ParameterDataError(f"{where}: every value needs a reference (regulation, article, date, url)")
    unknown = set(raw) - _REF_KEYS
    if unknown:
        raise ParameterDataError(f"{where}: unknown reference keys {sorted(unknown)}")
    for key in ("regulation", "article", "date"):
        if not raw.get(key):
            raise ParameterDataError(f"{where}: reference without {key}")
    url = raw.get("url")
    return Reference(str(raw["regulation"]), str(raw["article"]), _as_date(raw["date"], where), url and str(url))


def _convert(value: object, unit: str, where: str) -> object:
    """Turn YAML leaves into exact Python values: rates to Fraction, rupiah checked to be whole."""
    if isinstance(value, dict):
        return {k: _convert(v, unit, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list) and unit != "list":
        return tuple(_convert(v, unit, where) for v in value)
    if isinstance(value, list):
        return tuple(value)
    if unit == "rate":
        return parse_rate(value) if isinstance(value, str) else _bad(where, value, "rate string like '0.24%'")
    if unit == "rupiah" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        _bad(where, value, "whole non-negative rupiah")
    if unit == "multiplier" and isinstance(value, str):
        return Fraction(value)
    return value


def _bad(where: str, value: object, expected: str) -> object:
    raise ParameterDataError(f"{where}: {value!r} is not a {expected}")


def _value(name: str, raw: object, unit: str, where: str) -> ParameterValue:
    if not isinstance(raw, dict) or "from" not in raw or "value" not in raw:
        raise ParameterDataError(f"{where}: each value needs 'from' and 'value'")
    unknown = set(raw) - _VALUE_KEYS
    if unknown:
        raise ParameterDataError(f"{where}: unknown keys {sorted(unknown)}")
    confidence = str(raw.get("confidence", "high"))
    if confidence not in CONFIDENCE:
        raise ParameterDataError(f"{where}: confidence must be one of {CONFIDENCE}")
    note = raw.get("note")
    if raw["value"] is None and not note:
        raise ParameterDataError(f"{where}: an unknown (null) value needs a note saying what is missing")
    start = _as_date(raw["from"], where)
    end = _as_date(raw["to"], where) if raw.get("to") is not None else None
    if end is not None and end < start:
        raise ParameterDataError(f"{where}: 'to' {end} is before 'from' {start}")
    converted = None if raw["value"] is None else _convert(raw["value"], unit, where)
    ref = _reference(raw.get("reference"), where)
    if ref.article == NO_ARTICLE and not note:
        raise ParameterDataError(f"{where}: a reference without an article ('-') needs a note saying what was searched")
    return ParameterValue(name, converted, start, end, ref, confidence, note and str(note))


def _check_periods(param: Parameter, where: str) -> None:
    values = param.values
    for prev, nxt in itertools.pairwise(values):
        if prev.end is None or nxt.start <= prev.end:
            raise ParameterDataError(f"{where}: periods overlap at {nxt.start} (sort values by 'from')")
        if param.continuity == "continuous" and nxt.start != prev.end + dt.timedelta(days=1):
            raise ParameterDataError(f"{where}: gap from {prev.end} to {nxt.start} where the rule must apply")
    if param.continuity == "continuous" and values[-1].end is not None and not param.note:
        raise ParameterDataError(f"{where}: a continuous parameter must stay open-ended or say why in 'note'")


def build_parameter(name: str, raw: object, where: str) -> Parameter:
    """Validate one parameter definition and return it."""
    if not isinstance(raw, dict):
        raise ParameterDataError(f"{where}: a parameter must be a mapping")
    unknown = set(raw) - _PARAM_KEYS
    if unknown:
        raise ParameterDataError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("description", "unit", "values"):
        if not raw.get(key):
            raise ParameterDataError(f"{where}: missing {key}")
    unit = str(raw["unit"])
    if unit not in UNITS:
        raise ParameterDataError(f"{where}: unit {unit!r} not in {sorted(UNITS)}")
    continuity = str(raw.get("continuity", "continuous"))
    if continuity not in ("continuous", "windows"):
        raise ParameterDataError(f"{where}: continuity must be 'continuous' or 'windows'")
    raw_values = raw["values"]
    if not isinstance(raw_values, list):
        raise ParameterDataError(f"{where}: values must be a list")
    values = tuple(_value(name, v, unit, f"{where}[{i}]") for i, v in enumerate(raw_values))
    note = raw.get("note") or raw.get("ended")
    param = Parameter(name, str(raw["description"]), unit, values, continuity, note and str(note))
    _check_periods(param, where)
    return param


def load_file(path: Path) -> dict[str, Parameter]:
    """Load one topic file; parameter names are ``<topic>.<key>``."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
    if not isinstance(data, dict) or "parameters" not in data or "description" not in data:
        raise ParameterDataError(f"{path.name}: needs 'description' and 'parameters'")
    topic = path.stem
    params = data["parameters"]
    if not isinstance(params, dict) or not params:
        raise ParameterDataError(f"{path.name}: 'parameters' must be a non-empty mapping")
    return {
        f"{topic}.{key}": build_parameter(f"{topic}.{key}", raw, f"{path.name}:{key}") for key, raw in params.items()
    }


def load_directory(directory: Path = PARAMETER_DIR) -> dict[str, Parameter]:
    """Load and validate every parameter file in ``directory`` (holidays.yaml has its own loader)."""
    out: dict[str, Parameter] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.stem == "holidays":
            continue
        out.update(load_file(path))
    return out


def rules_version(directory: Path = PARAMETER_DIR, extra: Iterable[Path] = ()) -> str:
    """Hash the parameter files (and the formula sources in ``extra``) into a short version string."""
    digest = hashlib.sha256()
    for path in [*sorted(directory.glob("*.yaml")), *sorted(extra)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return "rules-" + digest.hexdigest()[:12]


_PARAMETERS: Final = load_directory()


def all_parameters() -> Mapping[str, Parameter]:
    """Every parameter, by name."""
    return _PARAMETERS


def parameter(name: str) -> Parameter:
    """Return the parameter called ``name`` (``topic.key``)."""
    try:
        return _PARAMETERS[name]
    except KeyError:
        raise KeyError(f"unknown parameter {name!r}") from None


def value_at(name: str, day: dt.date) -> ParameterValue:
    """The value of ``name`` in force on ``day`` with its reference; raises if the rule has no value then."""
    return parameter(name).require(day)


def parameters_as_of(day: dt.date) -> list[ParameterValue]:
    """Every parameter value in force on ``day`` (for the parameter page), sorted by name."""
    found = (p.at(day) for p in _PARAMETERS.values())
    return sorted((v for v in found if v is not None), key=lambda v: v.name)


def rate_at(name: str, day: dt.date) -> tuple[Fraction, ParameterValue]:
    """A rate parameter's exact value on ``day`` with its entry."""
    entry = value_at(name, day)
    if not isinstance(entry.value, Fraction):
        raise ParameterDataError(f"{name} is not a rate")
    return entry.value, entry


def int_at(name: str, day: dt.date) -> tuple[int, ParameterValue]:
    """An integer parameter (rupiah, months, count, ...) on ``day`` with its entry."""
    entry = value_at(name, day)
    if not isinstance(entry.value, int) or isinstance(entry.value, bool):
        raise ParameterDataError(f"{name} is not an integer")
    return entry.value, entry


def mapping_at(name: str, day: dt.date) -> tuple[Mapping[object, object], ParameterValue]:
    """A table parameter (mapping) on ``day`` with its entry."""
    entry = value_at(name, day)
    if not isinstance(entry.value, dict):
        raise ParameterDataError(f"{name} is not a table")
    return entry.value, entry
