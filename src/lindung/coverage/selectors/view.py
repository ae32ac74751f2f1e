"""Which figures a user looks at: the region, the slice (city, agency, kecamatan) and the measure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from lindung.core.models import Agency, Region
from lindung.core.roles import Role
from lindung.core.scoping import Scope, scope_for, scoped
from lindung.coverage import dimensions as d

#: The measures a dashboard can show instead of "every participant" (its filter).
MEASURE_LABELS: dict[str, str | Promise] = {
    "participants": _("Semua peserta"),
    "pu": _("Penerima upah (PU)"),
    "bpu": _("Bukan penerima upah (BPU)"),
    "jakon": _("Jasa konstruksi"),
    "pmi": _("Pekerja migran (PMI)"),
    "jkk": "JKK",
    "jkm": "JKM",
    "jht": "JHT",
    "jp": "JP",
    "jkp": "JKP",
    "apbd": _("Dibiayai APBD"),
}
COVERAGE_ROLES = frozenset({Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN})
ASSIGN_ROLES = frozenset({Role.COORDINATOR, Role.BRANCH_OFFICER, Role.ADMIN})
#: Why the other roles may not assign (a 403 of the pages and the API), translated where it is shown.
ASSIGN_REFUSAL = gettext_noop(
    "Hanya koordinator kota, petugas BPJS Ketenagakerjaan dan administrator yang menugaskan tindak lanjut."
)


@dataclass(frozen=True)
class CoverageView:
    """The slice of figures a page shows, and for whom."""

    scope_user: Any
    scope: Scope
    region: Region
    slice_kind: str
    slice_key: str
    measure: str
    agency: Agency | None = None
    #: Every region the user may read (the page's region picker), read once with the view.
    regions: tuple[Region, ...] = ()

    @property
    def is_agency_officer(self) -> bool:
        return self.scope.role == Role.AGENCY_OFFICER

    @property
    def can_assign(self) -> bool:
        return self.scope.role in ASSIGN_ROLES

    @property
    def shows_rates(self) -> bool:
        """Rates against the workforce make sense for the city and a kecamatan, not for an agency's reach."""
        return self.slice_kind != d.SLICE_AGENCY

    @property
    def measure_label(self) -> str:
        return str(MEASURE_LABELS[self.measure])


def coverage_regions(*, user: Any) -> list[Region]:
    """Regions whose coverage the user may read, the installation's own first."""
    regions = list(scoped(Region.objects.all(), user).order_by("code"))
    regions.sort(key=lambda region: region.code != settings.LINDUNG_REGION)
    return regions


def coverage_view(*, user: Any, region_code: str = "", agency_code: str = "", measure: str = "") -> CoverageView | None:
    """The view a user asked for, bounded by its scope; None when the user has no coverage to see.

    An agency officer always sees its own agency; an agency outside the scope is ignored rather than refused,
    so a bookmarked link of another user shows this user's own figures, not an error.
    """
    scope = scope_for(user)
    if scope is None or scope.role not in COVERAGE_ROLES:
        return None
    regions = coverage_regions(user=user)
    region = next((r for r in regions if r.code == region_code), regions[0] if regions else None)
    if region is None:
        return None
    measure = measure if measure in MEASURE_LABELS else "participants"
    if scope.role == Role.AGENCY_OFFICER:
        agency = Agency.objects.filter(pk=scope.agency_id or 0, region=region).first()
        if agency is None:
            return None
        return CoverageView(user, scope, region, d.SLICE_AGENCY, str(agency.pk), measure, agency, tuple(regions))
    if agency_code:
        agency = scoped(Agency.objects.filter(region=region, code=agency_code), user).first()
        if agency is not None:
            return CoverageView(user, scope, region, d.SLICE_AGENCY, str(agency.pk), measure, agency, tuple(regions))
    return CoverageView(user, scope, region, d.SLICE_REGION, "", measure, regions=tuple(regions))
