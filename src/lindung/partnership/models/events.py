"""Socialisation events, who attended them (with consent) and registrations attributed to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindung.core.audit import audited
from lindung.core.models import Agency, Region, Village
from lindung.registry.models import Membership


@audited
class Event(models.Model):
    """A socialisation event; its code lets a later registration name the event it came from."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="partnership_events")
    code = models.CharField(_("kode acara"), max_length=20, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    held_on = models.DateField(_("tanggal"))
    village = models.ForeignKey(
        Village, null=True, blank=True, on_delete=models.PROTECT, related_name="partnership_events",
        verbose_name=_("kelurahan"),
    )  # fmt: skip
    venue = models.CharField(_("tempat"), max_length=200, blank=True)
    audience_sector = models.CharField(_("sektor sasaran"), max_length=100, blank=True)
    audience_group = models.CharField(_("kelompok sasaran"), max_length=40, blank=True)
    attendance = models.PositiveIntegerField(_("jumlah hadir"), default=0)
    cost = models.PositiveBigIntegerField(_("biaya (Rp)"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    organisers = models.ManyToManyField(
        Agency, through="EventOrganiser", related_name="partnership_events", verbose_name=_("penyelenggara")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["region", "held_on"])]
        verbose_name = _("acara sosialisasi")
        verbose_name_plural = _("acara sosialisasi")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        """A new or moved date must lie in the allowed window, on every path that validates (services, admin).

        An unchanged date is not checked again: a later MoU must not make an old event uneditable.
        """
        from lindung.partnership.services.events import event_date_check

        if self.held_on is None or self.region_id is None:
            return
        stored = None if self._state.adding else Event.objects.filter(pk=self.pk).values_list("held_on").first()
        if stored is None or stored[0] != self.held_on:
            event_date_check(region=self.region, held_on=self.held_on)


class EventOrganiser(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organiser_links")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="event_links")
    is_lead = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "agency"], name="event_organiser_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}/{self.agency_id}"


class FollowUp(models.TextChoices):
    NONE = "", _("Tidak perlu")
    TO_CONTACT = "to_contact", _("Perlu dihubungi")
    CONTACTED = "contacted", _("Sudah dihubungi")
    DECLINED = "declined", _("Menolak")


@audited
class Attendee(models.Model):
    """An attendee who consented to leave details. The NIK is encrypted and looked up by its blind index."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("nama"), max_length=150)
    nik_cipher = models.TextField()
    nik_index = models.CharField(max_length=40, db_index=True)
    nik_masked = models.CharField(_("NIK"), max_length=16)
    occupation = models.CharField(_("pekerjaan"), max_length=100, blank=True)
    consent_at = models.DateTimeField(_("persetujuan"))
    follow_up = models.CharField(_("tindak lanjut"), max_length=12, choices=FollowUp.choices, blank=True)
    follow_up_note = models.CharField(_("catatan tindak lanjut"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "name"]
        constraints = [models.UniqueConstraint(fields=["event", "nik_index"], name="attendee_once_per_event")]
        verbose_name = _("peserta acara")
        verbose_name_plural = _("peserta acara")

    def __str__(self) -> str:
        return f"{self.name} ({self.nik_masked})"


@audited
class EventAttribution(models.Model):
    """A registration that named the event's code. Attendee NIK matches are computed, not stored."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attributions")
    membership = models.OneToOneField(Membership, on_delete=models.CASCADE, related_name="event_attribution")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("atribusi pendaftaran")
        verbose_name_plural = _("atribusi pendaftaran")

    def __str__(self) -> str:
        return f"{self.event_id} ← {self.membership_id}"
