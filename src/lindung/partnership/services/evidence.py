"""Writes of the Paritrana evidence pack: APBD allocation, regulations in force, free-text sections."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lindung.core.models import Region
from lindung.partnership.models import EvidencePack, EvidenceSection


@transaction.atomic
def evidence_pack_get_or_create(*, region: Region, year: int) -> EvidencePack:
    if not 2017 <= year <= 2100:  # the Paritrana Award runs since 2017
        raise ValidationError(_("Tahun paket bukti harus antara 2017 dan 2100."))
    pack, _created = EvidencePack.objects.get_or_create(region=region, year=year)
    return pack


@transaction.atomic
def evidence_pack_update(*, pack: EvidencePack, apbd_allocation: int, apbd_note: str, regulations: str) -> EvidencePack:
    if apbd_allocation < 0:
        raise ValidationError(_("Alokasi APBD tidak boleh negatif."))
    pack.apbd_allocation, pack.apbd_note, pack.regulations = apbd_allocation, apbd_note.strip(), regulations.strip()
    pack.full_clean()
    pack.save()
    return pack


@transaction.atomic
def evidence_section_save(
    *, pack: EvidencePack, title: str, body: str, section: EvidenceSection | None = None
) -> EvidenceSection:
    """Add a section (innovation, programme story) or change an existing one of the same pack."""
    if not title.strip() or not body.strip():
        raise ValidationError(_("Isi judul dan isi bagian."))
    if section is None:
        section = EvidenceSection(pack=pack, position=pack.sections.count())
    elif section.pack_id != pack.pk:
        raise ValidationError(_("Bagian ini milik paket bukti lain."))
    section.title, section.body = title.strip(), body.strip()
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def evidence_section_delete(*, section: EvidenceSection) -> None:
    section.delete()
