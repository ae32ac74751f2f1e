"""Writes of workers: registration with the offline NIK check, updates, and the audited NIK reveal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lindung.core import crypto
from lindung.core.audit import audit_record
from lindung.core.models import Agency, Region, Village
from lindung.regions.nik import Sex as NikSex
from lindung.regions.nik import check_nik, mask_nik
from lindung.regions.phone import check_phone
from lindung.regions.profile import stakeholder_groups
from lindung.registry.events_adapter import event_for_code, normalise_event_code
from lindung.registry.identifiers import name_key, normalise_kpj
from lindung.registry.models import Employer, Sex, Worker
from lindung.registry.services.dedup import duplicate_check_worker

REVEAL_REASON_MIN = 10


def bilingual(message_id: str, message_en: str) -> str:
    """Pick the Indonesian or English text of a message from the pure packages (regions, rules)."""
    return message_en if (get_language() or "id").startswith("en") else message_id


def mask_phone(e164: str) -> str:
    """'+6281234567890' -> '+6281****890': the operator prefix and the last three digits."""
    if len(e164) < 8:
        return "*" * len(e164)
    return f"{e164[:5]}****{e164[-3:]}"


def _phone_fields(phone: str) -> dict[str, str]:
    if not phone.strip():
        return {"phone_cipher": "", "phone_index": "", "phone_masked": ""}
    result = check_phone(phone)
    if result.e164 is None:
        raise ValidationError({"phone": bilingual(result.errors[0].message_id, result.errors[0].message_en)})
    return {
        "phone_cipher": crypto.encrypt(result.e164),
        "phone_index": crypto.blind_index(result.e164),
        "phone_masked": mask_phone(result.e164),
    }


def _nik_fields(*, nik: str, region: Region, birth_date: dt.date, sex: str, today: dt.date) -> dict[str, Any]:
    check = check_nik(nik, today=today, region=region.code, birth_date=birth_date, sex=NikSex(sex))
    if not check.valid or check.nik is None:
        messages = [bilingual(issue.message_id, issue.message_en) for issue in check.errors]
        raise ValidationError({"nik": messages})
    if Worker.objects.filter(nik_index=crypto.blind_index(check.nik)).exists():
        # No hint about whose record it is: the user may not be allowed to see it.
        raise ValidationError({"nik": _("NIK ini sudah terdaftar. Cari pekerja dengan NIK tersebut.")})
    return {
        "nik_cipher": crypto.encrypt(check.nik),
        "nik_index": crypto.blind_index(check.nik),
        "nik_masked": mask_nik(check.nik),
        "nik_regency_code": check.regency_code or "",
        "nik_warnings": [str(code) for code in check.warning_codes],
    }


def _vulnerability(*, category: str, female_head: bool, disability: bool, consent: bool) -> dict[str, Any]:
    if category and category not in stakeholder_groups():
        raise ValidationError({"vulnerability_category": _("Kategori rentan tidak dikenal. Pilih dari daftar.")})
    if (category or female_head or disability) and not consent:
        raise ValidationError(
            {"consent": _("Data kerentanan hanya boleh dicatat dengan persetujuan pekerja. Centang persetujuan.")}
        )
    return {
        "vulnerability_category": category,
        "female_head_of_household": female_head,
        "disability": disability,
        "vulnerability_consent_at": timezone.now() if consent and (category or female_head or disability) else None,
    }


@transaction.atomic
def worker_register(
    *,
    region: Region,
    nik: str,
    name: str,
    birth_date: dt.date,
    sex: str,
    today: dt.date,
    address: str = "",
    village: Village | None = None,
    phone: str = "",
    occupation: str = "",
    kpj: str = "",
    vulnerability_category: str = "",
    female_head_of_household: bool = False,
    disability: bool = False,
    consent: bool = False,
    proposed_by_agency: Agency | None = None,
    registered_by_employer: Employer | None = None,
    event_code: str = "",
) -> Worker:
    """Register one worker after the offline NIK check; NIK and phone are stored encrypted only.

    An event code names the socialisation event the worker came from (it must exist in the region and have
    taken place). Candidate duplicates of the new record are listed for review at once.
    """
    if sex not in Sex.values:
        raise ValidationError({"sex": _("Pilih jenis kelamin: M (laki-laki) atau F (perempuan).")})
    event_code = normalise_event_code(event_code)
    if event_code:
        event_code = event_for_code(code=event_code, region=region, today=today).code
    worker = Worker(
        region=region,
        name=" ".join(name.split()),
        name_key=name_key(name),
        birth_date=birth_date,
        sex=sex,
        address=address.strip(),
        village=village,
        occupation=occupation.strip(),
        kpj=normalise_kpj(kpj),
        proposed_by_agency=proposed_by_agency,
        registered_by_employer=registered_by_employer,
        event_code=event_code,
        **_nik_fields(nik=nik, region=region, birth_date=birth_date, sex=sex, today=today),
        **_phone_fields(phone),
        **_vulnerability(
            category=vulnerability_category,
            female_head=female_head_of_household,
            disability=disability,
            consent=consent,
        ),
    )
    worker.full_clean()
    worker.save()
    duplicate_check_worker(worker=worker)
    return worker


_EDITABLE = ("name", "address", "village", "occupation", "kpj")


@transaction.atomic
def worker_update(*, worker: Worker, phone: str | None = None, **fields: Any) -> Worker:
    """Change a worker's contact and work details (the NIK and birth date change only through a merge)."""
    unknown = set(fields) - set(_EDITABLE)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(worker, key, value)
    if "name" in fields:
        worker.name = " ".join(worker.name.split())
        worker.name_key = name_key(worker.name)
    if "kpj" in fields:
        worker.kpj = normalise_kpj(worker.kpj)
    if phone is not None:
        for key, value in _phone_fields(phone).items():
            setattr(worker, key, value)
    worker.full_clean()
    worker.save()
    if "name" in fields or phone is not None:
        duplicate_check_worker(worker=worker)
    return worker


def worker_nik_reveal(*, worker: Worker, reason: str) -> str:
    """The clear NIK, for this request only: needs a reason, and the reveal is recorded in the audit log."""
    reason = " ".join(reason.split())
    if len(reason) < REVEAL_REASON_MIN:
        raise ValidationError(
            {"reason": _("Tuliskan alasan membuka NIK (paling sedikit %(n)d karakter).") % {"n": REVEAL_REASON_MIN}}
        )
    audit_record(action="nik_reveal", object_type="registry.Worker", object_id=str(worker.pk), reason=reason)
    return crypto.decrypt(worker.nik_cipher)
