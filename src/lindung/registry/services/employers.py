"""Writes of employers: create and update with validated identifiers and the JKK risk group from KBLI."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lindung.core.models import Region
from lindung.registry.identifiers import normalise_kbli, normalise_nib, normalise_npp, normalise_npwp
from lindung.registry.kbli_risk import risk_for_kbli
from lindung.registry.models import SUBKINDS_OF_KIND, Employer, EmployerKind, EmployerSector

OVERRIDE_REASON_MIN = 10
RISK_GROUPS = range(1, 6)  # PP 44/2015 Pasal 16: five JKK risk groups, I (very low) to V (very high)
_FIELDS = (
    "sector",
    "jp_deferral",
    "kind",
    "subkind",
    "size",
    "name",
    "npp",
    "nib",
    "npwp",
    "address",
    "village",
    "kbli",
    "agency",
    "contact_name",
    "contact_email",
    "contact_phone",
)


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    for key, normalise in (
        ("npp", normalise_npp),
        ("nib", normalise_nib),
        ("npwp", normalise_npwp),
        ("kbli", normalise_kbli),
    ):
        if key in values:
            try:
                values[key] = normalise(values[key] or "")
            except ValidationError as exc:
                errors[key] = exc.messages
    if errors:
        raise ValidationError(errors)
    return values


def _check_kind(employer: Employer) -> None:
    if employer.kind not in EmployerKind.values:
        raise ValidationError(
            {"kind": _("Jenis pemberi kerja tidak dikenal. Pilih: %(c)s.") % {"c": ", ".join(EmployerKind.values)}}
        )
    if employer.subkind not in SUBKINDS_OF_KIND.get(employer.kind, frozenset()):
        raise ValidationError({"subkind": _("Bentuk badan tidak sesuai dengan jenis pemberi kerja.")})
    if employer.kind == EmployerKind.PRIVATE and not employer.size:
        raise ValidationError({"size": _("Pemberi kerja swasta wajib diisi skala usahanya (mikro sampai besar).")})


def _apply_risk(employer: Employer, group: int | None, reason: str) -> None:
    """Derive the group from KBLI; a different or missing-from-table group needs a reason (the override)."""
    entry = risk_for_kbli(employer.kbli)
    employer.jkk_risk_derived = entry.group if entry else None
    reason = " ".join((reason or "").split())
    if group is not None and group not in RISK_GROUPS:
        raise ValidationError({"jkk_risk_group": _("Kelompok risiko JKK adalah 1 sampai 5 (PP 44/2015 Pasal 16).")})
    if group is None or (entry is not None and group == entry.group):
        if entry is None:
            raise ValidationError(
                {
                    "jkk_risk_group": _(
                        "KBLI ini belum ada di tabel PP 44/2015 Lampiran I yang dapat dirujuk. "
                        "Pilih kelompok risiko JKK dan tuliskan alasannya."
                    )
                }
            )
        employer.jkk_risk_group, employer.jkk_risk_override_reason = entry.group, ""
        return
    if len(reason) < OVERRIDE_REASON_MIN:
        raise ValidationError(
            {
                "jkk_risk_override_reason": _(
                    "Kelompok risiko berbeda dari tabel KBLI: tuliskan alasannya (paling sedikit %(n)d karakter)."
                )
                % {"n": OVERRIDE_REASON_MIN}
            }
        )
    employer.jkk_risk_group, employer.jkk_risk_override_reason = group, reason


def _check_sector(employer: Employer) -> None:
    if employer.sector not in EmployerSector.values:
        choices = ", ".join(f"{c.value} ({c.label})" for c in EmployerSector)
        raise ValidationError({"sector": _("Sektor usaha tidak dikenal. Pilih: %(c)s.") % {"c": choices}})


def _save(employer: Employer) -> Employer:
    _check_kind(employer)
    _check_sector(employer)
    if employer.npp and Employer.objects.exclude(pk=employer.pk).filter(npp=employer.npp).exists():
        raise ValidationError({"npp": _("NPP ini sudah dipakai pemberi kerja lain.")})
    employer.full_clean()
    employer.save()
    return employer


@transaction.atomic
def employer_create(
    *, region: Region, jkk_risk_group: int | None = None, jkk_risk_override_reason: str = "", **fields: Any
) -> Employer:
    """Create an employer; the JKK risk group comes from KBLI unless overridden with a reason."""
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise ValueError(f"unknown employer fields: {sorted(unknown)}")
    employer = Employer(region=region, **_normalise(dict(fields)))
    _apply_risk(employer, jkk_risk_group, jkk_risk_override_reason)
    return _save(employer)


@transaction.atomic
def employer_update(
    *, employer: Employer, jkk_risk_group: int | None = None, jkk_risk_override_reason: str = "", **fields: Any
) -> Employer:
    """Update an employer; changing KBLI re-derives the group, keeping an override only with its reason."""
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise ValueError(f"unknown employer fields: {sorted(unknown)}")
    for key, value in _normalise(dict(fields)).items():
        setattr(employer, key, value)
    if jkk_risk_group is None and employer.risk_overridden:
        jkk_risk_group, jkk_risk_override_reason = (
            employer.jkk_risk_group,
            (jkk_risk_override_reason or employer.jkk_risk_override_reason),
        )
    _apply_risk(employer, jkk_risk_group, jkk_risk_override_reason)
    return _save(employer)
