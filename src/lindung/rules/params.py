"""Load, validate and query the dated parameters in ``parameters/*.yaml``.

Each file holds one programme or topic. A parameter has a description, a unit and dated values (``from``,
optional ``to``, inclusive); every value carries a reference (regulation, article, date, url where one
exists). The loader rejects a file with a value without reference, overlapping periods, or a gap inside a
parameter whose ``continuity`` is ``continuous`` (the default): where a rule must apply there is always a
value, or an explicit ``value: null`` entry whose ``note`` says the figure was not found.

Every text is written twice: English in ``description`` and ``note`` (``ended``), Bahasa Indonesia beside it in
``description_id`` and ``note_id`` (``ended_id``), for the file, each parameter and each value. The package
cannot translate (no Django, no gettext), so the page picks one of the two. Every loader requires both by
default; ``require_indonesian=False`` is the one opt-out, for a caller that compares a file without its Indonesian
texts against the shipped one (tests/rules/test_h2_parameter_texts.py).
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
_VALUE_KEYS: Final = frozenset({"from", "to", "value", "reference", "confidence", "note", "note_id"})
_PARAM_KEYS: Final = frozenset(
    {"description", "description_id", "unit", "values", "continuity", "note", "note_id", "ended", "ended_id"}
)
INDONESIAN: Final = "id"  # the language code of the ``*_id`` texts; any other code reads the English ones
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
    note_id: str | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def note_in(self, language: str) -> str | None:
        """The note in ``language`` (``id`` or ``en``)."""
        return in_language(self.note, self.note_id, language)


@dataclass(frozen=True, slots=True)
class Parameter:
    """A named legal quantity and its history."""

    name: str
    description: str
    unit: str
    values: tuple[ParameterValue, ...]
    continuity: str
    note: str | None
    description_id: str | None = None
    note_id: str | None = None

    def description_in(self, language: str) -> str:
        """The description in ``language`` (``id`` or ``en``)."""
        return in_language(self.description, self.description_id, language) or self.description

    def note_in(self, language: str) -> str | None:
        """The parameter's own note (or why it ended) in ``language``."""
        return in_language(self.note, self.note_id, language)

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


@dataclass(frozen=True, slots=True)
class Topic:
    """One parameter file: what its parameters are about, in English and Bahasa Indonesia."""

    name: str
    description: str
    description_id: str | None = None
    note: str | None = None
    note_id: str | None = None

    def description_in(self, language: str) -> str:
        return in_language(self.description, self.description_id, language) or self.description

    def note_in(self, language: str) -> str | None:
        return in_language(self.note, self.note_id, language)


def in_language(english: str | None, indonesian: str | None, language: str) -> str | None:
    """The Indonesian text for ``id`` (``id-ID``), the English one otherwise (or where no Indonesian is written)."""
    if language.split("-", 1)[0].lower() == INDONESIAN and indonesian:
        return indonesian
    return english


def _texts(raw: Mapping[str, object], keys: tuple[str, ...], where: str, require_indonesian: bool) -> dict[str, str]:
    """The English texts ``keys`` and their ``<key>_id`` Indonesian companions, checked to come in pairs.

    An Indonesian text without its English one is refused everywhere; an English text without its Indonesian
    one is refused where ``require_indonesian`` (the default of every loader), so the Indonesian page cannot fall
    back to English unnoticed.
    """
    out: dict[str, str] = {}
    for key in keys:
        english, indonesian = raw.get(key), raw.get(f"{key}_id")
        if indonesian is not None and (not isinstance(indonesian, str) or not indonesian.strip()):
            raise ParameterDataError(f"{where}: {key}_id must be a non-empty text")
        if indonesian and not english:
            raise ParameterDataError(f"{where}: {key}_id is written but {key} is not")
        if english and not indonesian and require_indonesian:
            raise ParameterDataError(f"{where}: {key} has no Bahasa Indonesia text; add {key}_id beside it")
        if english:
            out[key] = str(english)
        if indonesian:
            out[f"{key}_id"] = indonesian
    return out


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


def _value(name: str, raw: object, unit: str, where: str, require_indonesian: bool = True) -> ParameterValue:
    if not isinstance(raw, dict) or "from" not in raw or "value" not in raw:
        raise ParameterDataError(f"{where}: each value needs 'from' and 'value'")
    unknown = set(raw) - _VALUE_KEYS
    if unknown:
        raise ParameterDataError(f"{where}: unknown keys {sorted(unknown)}")
    confidence = str(raw.get("confidence", "high"))
    if confidence not in CONFIDENCE:
        raise ParameterDataError(f"{where}: confidence must be one of {CONFIDENCE}")
    texts = _texts(raw, ("note",), where, require_indonesian)
    note = texts.get("note")
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
    return ParameterValue(name, converted, start, end, ref, confidence, note, texts.get("note_id"))


def _check_periods(param: Parameter, where: str) -> None:
    values = param.values
    for prev, nxt in itertools.pairwise(values):
        if prev.end is None or nxt.start <= prev.end:
            raise ParameterDataError(f"{where}: periods overlap at {nxt.start} (sort values by 'from')")
        if param.continuity == "continuous" and nxt.start != prev.end + dt.timedelta(days=1):
            raise ParameterDataError(f"{where}: gap from {prev.end} to {nxt.start} where the rule must apply")
    if param.continuity == "continuous" and values[-1].end is not None and not param.note:
        raise ParameterDataError(f"{where}: a continuous parameter must stay open-ended or say why in 'note'")


def build_parameter(name: str, raw: object, where: str, *, require_indonesian: bool = True) -> Parameter:
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
    values = tuple(_value(name, v, unit, f"{where}[{i}]", require_indonesian) for i, v in enumerate(raw_values))
    texts = _texts(raw, ("description", "note", "ended"), where, require_indonesian)
    note, note_id = texts.get("note") or texts.get("ended"), texts.get("note_id") or texts.get("ended_id")
    param = Parameter(name, texts["description"], unit, values, continuity, note, texts.get("description_id"), note_id)
    _check_periods(param, where)
    return param


def load_topic(path: Path, *, require_indonesian: bool = True) -> tuple[Topic, dict[str, Parameter]]:
    """Load one topic file: its own texts and its parameters, named ``<topic>.<key>``."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 (a safe loader)
    if not isinstance(data, dict) or "parameters" not in data or "description" not in data:
        raise ParameterDataError(f"{path.name}: needs 'description' and 'parameters'")
    name = path.stem
    params = data["parameters"]
    if not isinstance(params, dict) or not params:
        raise ParameterDataError(f"{path.name}: 'parameters' must be a non-empty mapping")
    texts = _texts(data, ("description", "note"), path.name, require_indonesian)
    topic = Topic(name, texts["description"], texts.get("description_id"), texts.get("note"), texts.get("note_id"))
    return topic, {
        f"{name}.{key}": build_parameter(
            f"{name}.{key}", raw, f"{path.name}:{key}", require_indonesian=require_indonesian
        )
        for key, raw in params.items()
    }


def load_file(path: Path, *, require_indonesian: bool = True) -> dict[str, Parameter]:
    """Load one topic file; parameter names are ``<topic>.<key>``."""
    return load_topic(path, require_indonesian=require_indonesian)[1]


def load_topics(directory: Path = PARAMETER_DIR) -> tuple[dict[str, Topic], dict[str, Parameter]]:
    """Load every parameter file in ``directory``, each text in both languages (holidays.yaml has its own loader)."""
    topics: dict[str, Topic] = {}
    out: dict[str, Parameter] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.stem == "holidays":
            continue
        topic, params = load_topic(path)
        topics[topic.name] = topic
        out.update(params)
    return topics, out


def load_directory(directory: Path = PARAMETER_DIR) -> dict[str, Parameter]:
    """Load and validate every parameter file in ``directory``, each text in both languages."""
    return load_topics(directory)[1]


def rules_version(directory: Path = PARAMETER_DIR, extra: Iterable[Path] = ()) -> str:
    """Hash the parameter files (and the formula sources in ``extra``) into a short version string."""
    digest = hashlib.sha256()
    for path in [*sorted(directory.glob("*.yaml")), *sorted(extra)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return "rules-" + digest.hexdigest()[:12]


_TOPICS, _PARAMETERS = load_topics()


def all_topics() -> Mapping[str, Topic]:
    """Every parameter file's own texts, by topic (``jp``)."""
    return _TOPICS


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
