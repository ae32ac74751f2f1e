"""The navigation of each role: one list, filtered by role, so pages and menu agree."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lindung.core.roles import Role

ALL = frozenset(Role)


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    roles: frozenset[Role]


NAV: list[NavItem] = [
    NavItem("home", _("Beranda"), ALL),
    NavItem("calc", _("Kalkulator iuran"), ALL),
    NavItem("parameters", _("Parameter hukum"), ALL),
    NavItem(
        "agency_list",
        _("Perangkat daerah"),
        frozenset({Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER, Role.ADMIN}),
    ),
    NavItem(
        "region_detail",
        _("Wilayah"),
        frozenset({Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN}),
    ),
    NavItem("audit_list", _("Log audit"), frozenset({Role.AUDITOR, Role.ADMIN})),
    NavItem("workforce_upload", _("Angkatan kerja"), frozenset({Role.ADMIN})),
]


def nav_for(role: Role | None) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for item in NAV:
        if role is None or role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": item.label, "name": item.url_name})
    return items
