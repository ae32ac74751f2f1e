"""The dataclasses of a region profile: geography, minimum wages, agencies, BPJS branches.

Frozen and slotted: a profile is reference data, loaded once and shared by every request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Confidence(StrEnum):
    """How sure the source is, on the scale of shared/reference/regulations.md."""

    HIGH = "high"
    MEDIUM_HIGH = "medium-high"
    MEDIUM = "medium"
    MEDIUM_LOW = "medium-low"
    LOW = "low"


class WageKind(StrEnum):
    UMK = "umk"  # upah minimum kabupaten/kota
    UMP = "ump"  # upah minimum provinsi


@dataclass(frozen=True, slots=True)
class MinimumWage:
    """A monthly minimum wage in force for one calendar year, with the decree that set it."""

    kind: WageKind
    year: int
    amount: Decimal
    decree: str | None
    decree_date: date | None
    effective_from: date
    confidence: Confidence
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    slug: str
    name: str
    ump: tuple[MinimumWage, ...] = ()

    def ump_for(self, year: int) -> MinimumWage | None:
        return next((wage for wage in self.ump if wage.year == year), None)


@dataclass(frozen=True, slots=True)
class Kelurahan:
    code: str
    name: str
    postal_code: str
    kecamatan_code: str


@dataclass(frozen=True, slots=True)
class Kecamatan:
    code: str
    name: str
    kelurahan: tuple[Kelurahan, ...]


@dataclass(frozen=True, slots=True)
class StakeholderGroup:
    """A group of people an agency reaches, e.g. ojek drivers or marbot."""

    key: str
    name_id: str
    name_en: str
    #: Pekerja rentan: the groups that city programmes typically pay JKK and JKM for.
    vulnerable: bool


@dataclass(frozen=True, slots=True)
class Agency:
    """A perangkat daerah (city agency) of the region's government."""

    slug: str
    name: str
    name_en: str
    abbreviation: str
    kind: str
    #: KBLI 2020 section letters of the sectors the agency oversees; empty for cross-sector agencies.
    kbli_sections: tuple[str, ...]
    stakeholder_groups: tuple[str, ...]
    in_mou: bool
    is_finance_office: bool = False
    is_manpower_office: bool = False
    #: A role title, never a person's name: heads change and are not reference data.
    head_title: str = ""


@dataclass(frozen=True, slots=True)
class Mou:
    """The partnership agreement between the region and its BPJS Ketenagakerjaan branch."""

    title: str
    signed: str
    agency_count: int
    confidence: Confidence
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class BpjsBranch:
    slug: str
    name: str
    address: str
    #: Kemendagri codes (kota or kecamatan) the branch serves inside the region; empty when not known.
    region_codes: tuple[str, ...]
    is_partner: bool
    confidence: Confidence
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class GeographySource:
    package: str
    version: str
    dataset: str


@dataclass(frozen=True, slots=True)
class Profile:
    """A kota or kabupaten: everything Lindung needs to know about the region it serves."""

    code: str
    slug: str
    name: str
    type: str
    bps_code: str
    province: Province
    geography_source: GeographySource
    kecamatan: tuple[Kecamatan, ...]
    umk: tuple[MinimumWage, ...]
    umk_note: str
    #: Whether the province's UMP applies in a year without a UMK (regions without a wage council).
    ump_applies_without_umk: bool
    agencies: tuple[Agency, ...]
    mou: Mou | None
    bpjs_branches: tuple[BpjsBranch, ...]
    notes: str
    source_file: str
    _kecamatan_index: dict[str, Kecamatan] = field(default_factory=dict, repr=False, compare=False)
    _kelurahan_index: dict[str, Kelurahan] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for kec in self.kecamatan:
            self._kecamatan_index[kec.code] = kec
            for kel in kec.kelurahan:
                self._kelurahan_index[kel.code] = kel

    @property
    def kelurahan(self) -> tuple[Kelurahan, ...]:
        return tuple(kel for kec in self.kecamatan for kel in kec.kelurahan)

    def contains(self, code: str) -> bool:
        """Whether a dotted Kemendagri code lies inside this region."""
        return code == self.code or code.startswith(f"{self.code}.")

    def kecamatan_by_code(self, code: str) -> Kecamatan | None:
        return self._kecamatan_index.get(normalise_code(code))

    def kelurahan_by_code(self, code: str) -> Kelurahan | None:
        return self._kelurahan_index.get(normalise_code(code))

    def agency(self, slug: str) -> Agency | None:
        return next((agency for agency in self.agencies if agency.slug == slug), None)

    @property
    def mou_agencies(self) -> tuple[Agency, ...]:
        return tuple(agency for agency in self.agencies if agency.in_mou)

    @property
    def finance_office(self) -> Agency | None:
        return next((agency for agency in self.agencies if agency.is_finance_office), None)

    @property
    def manpower_office(self) -> Agency | None:
        return next((agency for agency in self.agencies if agency.is_manpower_office), None)

    def umk_for(self, year: int) -> MinimumWage | None:
        return next((wage for wage in self.umk if wage.year == year), None)

    def minimum_wage_for(self, year: int) -> MinimumWage | None:
        """The UMK of the year; the province's UMP only where the profile says it applies without a UMK.

        A missing UMK usually means the figure was not found, not that the UMP applies, so the fallback is opt-in.
        """
        umk = self.umk_for(year)
        if umk is not None or not self.ump_applies_without_umk:
            return umk
        return self.province.ump_for(year)


def normalise_code(code: str) -> str:
    """Accept "1271", "127101", "1271011001" or the dotted form and return the dotted form."""
    text = code.strip()
    if "." in text:
        return text
    parts = (text[0:2], text[2:4], text[4:6], text[6:10])
    return ".".join(part for part in parts if part)
