"""The navigation of each role: one list, filtered by role, so pages and menu agree."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
        pgettext_lazy("title", "Perangkat daerah"),
        frozenset({Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER, Role.ADMIN}),
    ),
    NavItem(
        "region_detail",
        _("Wilayah"),
        frozenset({Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN}),
    ),
    NavItem(
        "coverage_dashboard",
        _("Cakupan"),
        frozenset({Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN}),
    ),
    NavItem(
        "partnership_scorecard",
        _("Kartu skor PKS"),
        frozenset({Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN}),
    ),
    NavItem(
        "partnership_events",
        _("Sosialisasi"),
        frozenset({Role.COORDINATOR, Role.AUDITOR, Role.BRANCH_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN}),
    ),
    NavItem("registry:worker_search", _("Pekerja"), ALL - {Role.WORKER}),
    NavItem("registry:employer_search", pgettext_lazy("title", "Pemberi kerja"), ALL - {Role.WORKER, Role.EMPLOYER}),
    NavItem("registry:membership_search", _("Kepesertaan"), ALL - {Role.WORKER}),
    NavItem("registry:import_list", _("Impor"), ALL - {Role.WORKER}),
    NavItem(
        "registry:duplicate_list",
        _("Duplikat"),
        frozenset({Role.COORDINATOR, Role.BRANCH_OFFICER, Role.AUDITOR, Role.ADMIN}),
    ),
    NavItem("programmes:programme_list", _("Program rentan"), ALL - {Role.WORKER, Role.EMPLOYER}),
    NavItem("programmes:proposal_list", _("Usulan"), ALL - {Role.WORKER, Role.EMPLOYER}),
    NavItem("billing_home", _("Tagihan"), ALL),
    NavItem(
        "billing_arrears",
        _("Tunggakan"),
        frozenset({Role.COORDINATOR, Role.BRANCH_OFFICER, Role.AUDITOR, Role.ADMIN}),
    ),
    NavItem("audit_list", _("Log audit"), frozenset({Role.AUDITOR, Role.ADMIN})),
    NavItem("workforce_upload", _("Angkatan kerja"), frozenset({Role.ADMIN})),
]


# Menu groups (dropdowns), by URL name; anything not listed stands on its own in the bar.
GROUPS: dict[str, str | Promise] = {
    "registry:worker_search": _("Registrasi"),
    "registry:employer_search": _("Registrasi"),
    "registry:membership_search": _("Registrasi"),
    "registry:import_list": _("Registrasi"),
    "registry:duplicate_list": _("Registrasi"),
    "billing_home": _("Iuran"),
    "billing_arrears": _("Iuran"),
    "agency_list": _("Kemitraan"),
    "partnership_scorecard": _("Kemitraan"),
    "partnership_events": _("Kemitraan"),
    "programmes:programme_list": _("Program rentan"),
    "programmes:proposal_list": _("Program rentan"),
    "programmes:decile_upload": _("Program rentan"),
    "calc": _("Aturan"),
    "parameters": _("Aturan"),
    "region_detail": _("Administrasi"),
    "audit_list": _("Administrasi"),
    "workforce_upload": _("Administrasi"),
}


def nav_for(role: Role | None) -> list[dict[str, object]]:
    """The menu of a role: single links and dropdown groups, in the order of NAV."""
    entries: list[dict[str, object]] = []
    groups: dict[str, dict[str, object]] = {}
    for item in NAV:
        if role is None or role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        link: dict[str, object] = {"url": url, "label": item.label, "name": item.url_name}
        group_label = GROUPS.get(item.url_name)
        if group_label is None:
            entries.append(link)
            continue
        key = str(group_label)
        if key not in groups:
            groups[key] = {"group": group_label, "items": [], "names": []}
            entries.append(groups[key])
        groups[key]["items"].append(link)  # type: ignore[attr-defined]
        groups[key]["names"].append(item.url_name)  # type: ignore[attr-defined]
    return entries
