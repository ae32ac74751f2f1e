"""What figures are read against: names of kecamatan, kelurahan, agencies and sectors, and the workforce."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lindung.core.models import Agency, District, Region, Village, WorkforceFigure
from lindung.core.scoping import scoped
from lindung.coverage import dimensions as d
from lindung.coverage.sectors import SectorCatalogue, sector_catalogue
from lindung.coverage.selectors.goals import coverage_goals
from lindung.coverage.targets import CoverageGoal


@dataclass
class Workforce:
    """The working population per (kecamatan, sex, sector): the denominator of every coverage rate.

    A page asks for hundreds of sums (each kelurahan's kecamatan, each sector of each kecamatan): every sum is
    computed once, in one pass over the cells, then looked up, instead of a pass over the cells per question.
    """

    cells: dict[tuple[str, str, str], int] = field(default_factory=dict)
    is_estimate: bool = True
    source: str = ""
    _sums: dict[tuple[str | None, str | None, str | None], int] = field(default_factory=dict, repr=False)
    _summed: int = field(default=-1, repr=False)

    def count(self, *, district: str | None = None, sex: str | None = None, sector: str | None = None) -> int:
        if self._summed != len(self.cells):
            self._sum()
        return self._sums.get((district, sex, sector), 0)

    def _sum(self) -> None:
        """Every sum ``count`` can be asked: each cell adds to its own key with each part kept or left open."""
        sums: dict[tuple[str | None, str | None, str | None], int] = {}
        for (district, sex, sector), n in self.cells.items():
            for key in product((district, None), (sex, None), (sector, None)):
                sums[key] = sums.get(key, 0) + n
        self._sums, self._summed = sums, len(self.cells)

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def sectors(self) -> list[str]:
        return list(dict.fromkeys(sector for _, _, sector in self.cells))


@dataclass
class Reference:
    region: Region
    districts: dict[str, str]
    villages: dict[str, tuple[str, str]]
    agencies: dict[str, Agency]
    sectors: SectorCatalogue
    workforce: Workforce

    def goals(self) -> list[CoverageGoal]:
        """The region's RPJMD goals, read once for the figures, the trend and the indicators of a page."""
        if not hasattr(self, "_goals"):
            self._goals = coverage_goals(region=self.region)
        return self._goals

    def villages_in(self, district_code: str) -> int:
        return self._village_counts().get(district_code, 0)

    def _village_counts(self) -> Counter[str]:
        if not hasattr(self, "_counts"):
            self._counts = Counter(district for _, district in self.villages.values())
        return self._counts

    def village_workforce(self, village_code: str) -> int | None:
        """A kelurahan's share of its kecamatan's workforce (an estimate: the table stops at the kecamatan)."""
        district = self.villages.get(village_code, ("", ""))[1]
        villages = self.villages_in(district)
        return round(self.workforce.count(district=district) / villages) if villages else None

    def label(self, dimension: str, key: str) -> str:
        if key == d.UNKNOWN:
            return _("Tidak diketahui")
        if dimension == d.DIM_DISTRICT:
            return self.districts.get(key, key)
        if dimension == d.DIM_VILLAGE:
            return self.villages.get(key, (key, ""))[0]
        if dimension == d.DIM_SECTOR:
            return self.sectors.label(key, get_language() or "id")
        if dimension == d.DIM_SEX:
            return {"M": _("Laki-laki"), "F": _("Perempuan")}.get(key, key)
        if dimension == d.DIM_AGENCY:
            agency = self.agencies.get(key)
            return agency.name if agency else _("Perangkat daerah lain")
        return key

    def sector_keys(self) -> list[str]:
        known = list(self.sectors.names)
        return known + [key for key in self.workforce.sectors() if key not in known]


def coverage_reference(*, user: Any, region: Region) -> Reference:
    """Names and the workforce of ``region`` inside the user's scope (four queries)."""
    districts = dict(scoped(District.objects.filter(region=region), user).order_by("code").values_list("code", "name"))
    villages = {
        code: (name, district)
        for code, name, district in scoped(Village.objects.filter(district__region=region), user)
        .order_by("code")
        .values_list("code", "name", "district__code")
    }
    agencies = {str(a.pk): a for a in scoped(Agency.objects.filter(region=region), user)}
    figures = scoped(WorkforceFigure.objects.filter(district__region=region), user).order_by("district__code", "pk")
    workforce = Workforce()
    for district, sex, sector, count, estimate, source in figures.values_list(
        "district__code", "sex", "sector", "count", "is_estimate", "source"
    ).iterator():
        workforce.cells[(district, sex, sector)] = count
        workforce.is_estimate, workforce.source = estimate, source
    return Reference(region, districts, villages, agencies, sector_catalogue(region.profile_slug), workforce)
