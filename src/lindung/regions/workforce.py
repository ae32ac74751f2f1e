"""Working population per kecamatan by sex and sector: the denominator of coverage.

A table lives in ``workforce/<profile slug>.yaml``. Each kecamatan has a count per sector for men and for
women; totals are derived and checked. ``estimate: true`` with a ``method`` marks figures that were derived
rather than published (see build_workforce.py); an admin replaces them with BPS figures by uploading rows
(``workforce_from_rows``), which the database layer stores as one row per kecamatan, sex and sector
(``Workforce.to_rows``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import yaml

from lindung.regions.model import Profile
from lindung.regions.profile import KBLI_SECTION, load_profile
from lindung.regions.schema import Node, ProfileError, read_yaml

WORKFORCE_DIR = Path(__file__).resolve().parent / "workforce"
SEXES = ("M", "F")
SEX_KEYS = {"M": "male", "F": "female"}  # the YAML keys: plain words read better than single letters
MEASURES = {"labour_force", "employed"}

__all__ = ["Sector", "Workforce", "WorkforceRow", "dump_workforce", "load_workforce", "workforce_from_rows"]


class WorkforceRow(TypedDict):
    kecamatan_code: str
    sex: str
    sector: str
    count: int


@dataclass(frozen=True, slots=True)
class Sector:
    key: str
    name_id: str
    name_en: str
    kbli_sections: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KecamatanWorkforce:
    code: str
    name: str
    #: counts[sex][sector key], sex "M" or "F"
    counts: Mapping[str, Mapping[str, int]]

    @property
    def total(self) -> int:
        return sum(sum(by_sector.values()) for by_sector in self.counts.values())

    def by_sex(self, sex: str) -> int:
        return sum(self.counts[sex].values())

    def by_sector(self, sector: str) -> int:
        return sum(self.counts[sex][sector] for sex in SEXES)


@dataclass(frozen=True, slots=True)
class Workforce:
    region: str
    reference_period: str
    measure: str
    estimate: bool
    method: str
    sources: tuple[str, ...]
    sectors: tuple[Sector, ...]
    kecamatan: tuple[KecamatanWorkforce, ...]

    @property
    def total(self) -> int:
        return sum(kec.total for kec in self.kecamatan)

    def for_kecamatan(self, code: str) -> KecamatanWorkforce | None:
        return next((kec for kec in self.kecamatan if kec.code == code), None)

    def to_rows(self) -> list[WorkforceRow]:
        """One row per kecamatan, sex and sector: the shape of the database table and of an upload."""
        return [
            WorkforceRow(kecamatan_code=kec.code, sex=sex, sector=sector.key, count=kec.counts[sex][sector.key])
            for kec in self.kecamatan
            for sex in SEXES
            for sector in self.sectors
        ]


def _sectors(root: Node) -> tuple[Sector, ...]:
    sectors = []
    for node in root.nodes("sectors"):
        node.reject_unknown({"key", "name_id", "name_en", "kbli_sections"})
        sectors.append(
            Sector(
                key=node.text("key", pattern=r"[a-z][a-z_]{0,39}", hint="snake_case, at most 40 characters"),
                name_id=node.text("name_id"),
                name_en=node.text("name_en"),
                kbli_sections=node.text_list("kbli_sections", pattern=KBLI_SECTION, required=True),
            )
        )
    keys = [sector.key for sector in sectors]
    if len(set(keys)) != len(keys) or not keys:
        raise root.error("sectors", "sector keys must be present and unique")
    return tuple(sectors)


def _kecamatan(node: Node, profile: Profile, sector_keys: list[str]) -> KecamatanWorkforce:
    node.reject_unknown({"code", "name", "total", "male", "female"})
    code = node.code("code", parts=3)
    known = profile.kecamatan_by_code(code)
    if known is None:
        raise node.error("code", f"{code} is not a kecamatan of {profile.name}")
    counts: dict[str, dict[str, int]] = {}
    for sex in SEXES:
        by_sector = node.count_map(SEX_KEYS[sex])
        if sorted(by_sector) != sorted(sector_keys):
            raise node.error(SEX_KEYS[sex], f"give a count for exactly the sectors {', '.join(sector_keys)}")
        counts[sex] = {key: by_sector[key] for key in sector_keys}
    result = KecamatanWorkforce(code, known.name, counts)
    if result.total != node.whole("total", minimum=0):
        raise node.error("total", f"is {node.data['total']} but the counts add up to {result.total}")
    return result


def parse_workforce(path: Path, profile: Profile) -> Workforce:
    root = read_yaml(path)
    root.reject_unknown(
        {"schema_version", "region", "reference_period", "measure", "estimate", "method", "sources", "total"}
        | {"sectors", "kecamatan"}
    )
    if root.whole("schema_version") != 1:
        raise root.error("schema_version", "this Lindung reads schema_version 1")
    if root.code("region", parts=2) != profile.code:
        raise root.error("region", f"must be {profile.code}, the region of profile {profile.slug}")
    measure = root.text("measure")
    if measure not in MEASURES:
        raise root.error("measure", f"{measure!r} is not one of: {', '.join(sorted(MEASURES))}")
    sectors = _sectors(root)
    keys = [sector.key for sector in sectors]
    kecamatan = tuple(_kecamatan(node, profile, keys) for node in root.nodes("kecamatan"))
    missing = sorted({kec.code for kec in profile.kecamatan} - {kec.code for kec in kecamatan})
    if missing or len(kecamatan) != len(profile.kecamatan):
        raise root.error("kecamatan", f"give every kecamatan exactly once; missing: {', '.join(missing) or 'none'}")
    estimate = root.flag("estimate")
    method = root.text("method", required=estimate)
    workforce = Workforce(
        region=profile.code,
        reference_period=root.text("reference_period", pattern=r"\d{4}(-\d{2})?", hint='"YYYY" or "YYYY-MM"'),
        measure=measure,
        estimate=estimate,
        method=method,
        sources=root.text_list("sources", required=True),
        sectors=sectors,
        kecamatan=kecamatan,
    )
    if workforce.total != root.whole("total", minimum=0):
        raise root.error("total", f"is {root.data['total']} but the kecamatan add up to {workforce.total}")
    return workforce


@functools.cache
def load_workforce(code_or_slug: str) -> Workforce | None:
    """The workforce table of a region, or None when the profile has none."""
    profile = load_profile(code_or_slug)
    path = WORKFORCE_DIR / f"{profile.slug}.yaml"
    return parse_workforce(path, profile) if path.exists() else None


def workforce_from_rows(
    rows: Iterable[Mapping[str, object]],
    *,
    profile: Profile,
    sectors: tuple[Sector, ...],
    reference_period: str,
    measure: str,
    sources: tuple[str, ...],
    estimate: bool = False,
    method: str = "",
) -> Workforce:
    """Build a table from uploaded rows (kecamatan_code, sex, sector, count), checked like a file."""
    counts: dict[str, dict[str, dict[str, int]]] = {
        kec.code: {sex: dict.fromkeys((s.key for s in sectors), 0) for sex in SEXES} for kec in profile.kecamatan
    }
    for index, row in enumerate(rows, start=1):
        code, sex, sector, count = row.get("kecamatan_code"), row.get("sex"), row.get("sector"), row.get("count")
        if code not in counts:
            raise ProfileError(
                "upload", f"row {index}.kecamatan_code", f"{code!r} is not a kecamatan of {profile.name}"
            )
        if sex not in SEXES:
            raise ProfileError("upload", f"row {index}.sex", f"{sex!r}: use M or F")
        if not isinstance(sector, str) or sector not in counts[code][sex]:
            raise ProfileError("upload", f"row {index}.sector", f"{sector!r} is not one of the sectors given")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ProfileError("upload", f"row {index}.count", f"{count!r} is not a whole number of people")
        counts[code][sex][sector] += count
    kecamatan = tuple(KecamatanWorkforce(kec.code, kec.name, counts[kec.code]) for kec in profile.kecamatan)
    return Workforce(profile.code, reference_period, measure, estimate, method, sources, sectors, kecamatan)


def dump_workforce(workforce: Workforce, *, header: str = "") -> str:
    """The YAML text of a table, in the layout ``parse_workforce`` reads."""
    head = {
        "schema_version": 1,
        "region": workforce.region,
        "reference_period": workforce.reference_period,
        "measure": workforce.measure,
        "estimate": workforce.estimate,
        "total": workforce.total,
        "method": workforce.method,
        "sources": list(workforce.sources),
    }
    sectors = [
        {"key": s.key, "name_id": s.name_id, "name_en": s.name_en, "kbli_sections": list(s.kbli_sections)}
        for s in workforce.sectors
    ]
    lines = [
        header.rstrip("\n") + "\n" if header else "",
        yaml.safe_dump(head, sort_keys=False, allow_unicode=True, width=110),
    ]
    lines.append(
        yaml.safe_dump({"sectors": sectors}, sort_keys=False, allow_unicode=True, default_flow_style=None, width=200)
    )
    lines.append("kecamatan:\n")
    for kec in workforce.kecamatan:
        lines.append(f'  - code: "{kec.code}"\n    name: "{kec.name}"\n    total: {kec.total}\n')
        for sex in SEXES:
            cells = ", ".join(f"{key}: {count}" for key, count in kec.counts[sex].items())
            lines.append(f"    {SEX_KEYS[sex]}: {{{cells}}}\n")
    return "".join(lines)
