"""Who speaks for an agency in the partnership: its liaison officers (petugas penghubung)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.audit import audited
from lindung.core.models import Agency


@audited
class LiaisonOfficer(models.Model):
    """A user of the agency-officer role of ``agency`` whom the coordinator named its liaison officer."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="liaison_links")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="liaison_links")
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "user__username"]
        constraints = [models.UniqueConstraint(fields=["agency", "user"], name="liaison_officer_once_per_agency")]
        verbose_name = _("petugas penghubung")
        verbose_name_plural = _("petugas penghubung")

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.user_id}"
