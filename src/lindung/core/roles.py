"""The roles of Lindung (DESIGN.md, 'Who uses it')."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordinator kota")
    AGENCY_OFFICER = "agency_officer", _("Petugas perangkat daerah")
    BRANCH_OFFICER = "branch_officer", _("Petugas BPJS Ketenagakerjaan")
    EMPLOYER = "employer", _("Pemberi kerja")
    WORKER = "worker", _("Pekerja")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


READ_ONLY_ROLES = frozenset({Role.AUDITOR})
REGION_WIDE_ROLES = frozenset({Role.COORDINATOR, Role.AUDITOR})
