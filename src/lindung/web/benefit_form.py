"""The benefit calculator's form: every event the calc contract's ``benefit`` call accepts, and its fields.

The page shows (and enables) only the fields of the chosen event, so each event posts exactly what the rules
need for it; ``EVENT_FIELDS`` is that list, and ``shown_for`` writes it into the page (``data-events``).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

#: The events of the calc contract (``lindung.rules.api_benefit.EVENTS``), grouped by programme, with their label.
EVENT_GROUPS: tuple[tuple[str, tuple[tuple[str, Promise], ...]], ...] = (
    (
        "JKK",
        (
            ("medical", gettext_lazy("Perawatan medis (JKK)")),
            ("transport", gettext_lazy("Biaya angkutan korban (JKK)")),
            ("temporary_incapacity", gettext_lazy("Tidak mampu bekerja sementara (JKK)")),
            ("partial_disability", gettext_lazy("Cacat sebagian (JKK)")),
            ("total_permanent_disability", gettext_lazy("Cacat total tetap (JKK)")),
            ("home_care", gettext_lazy("Perawatan di rumah (JKK)")),
            ("work_accident_death", gettext_lazy("Meninggal karena kecelakaan kerja (JKK)")),
        ),
    ),
    ("JKM", (("death", gettext_lazy("Meninggal (JKM)")),)),
    ("JHT", (("jht", gettext_lazy("Klaim JHT")), ("jht_partial", gettext_lazy("Klaim sebagian JHT")))),
    (
        "JP",
        (
            ("jp_old_age", gettext_lazy("Pensiun hari tua (JP)")),
            ("jp_disability", gettext_lazy("Pensiun cacat (JP)")),
            ("jp_death", gettext_lazy("Pensiun ahli waris (JP)")),
        ),
    ),
    ("JKP", (("phk", gettext_lazy("PHK (JKP)")),)),
)
BENEFIT_EVENTS = [event for _, events in EVENT_GROUPS for event, _ in events]

#: The fields each event posts besides ``event`` and its ``date`` (the contract's table of ``benefit``).
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "medical": ("claim_date",),
    "transport": ("transport_mode", "cost", "claim_date"),
    "temporary_incapacity": ("monthly_wage", "incapacity_months", "claim_date"),
    "partial_disability": ("monthly_wage", "disability_percent", "function_loss_percent", "claim_date"),
    "total_permanent_disability": ("monthly_wage", "children_levels", "claim_date"),
    "home_care": ("cost", "care_months", "claim_date"),
    "work_accident_death": ("monthly_wage", "children_levels", "claim_date"),
    "death": ("contribution_months", "children_levels"),
    "jht": ("jht_trigger", "jht_balance", "event_date", "birth_date", "monthly_contribution", "projection_months",
            "annual_return"),
    "jht_partial": ("jht_balance", "membership_months", "purpose", "partial_taken_before"),
    "jp_old_age": ("birth_date", "contribution_months", "average_indexed_wage", "jp_balance"),
    "jp_disability": ("contribution_months", "membership_months", "paid_months", "average_indexed_wage"),
    "jp_death": ("contribution_months", "membership_months", "paid_months", "average_indexed_wage", "spouse",
                 "children", "parent"),
    "phk": ("phk_date", "monthly_wage", "contribution_months", "consecutive_months", "separation", "claim_date"),
}  # fmt: skip

#: The choices of the select fields, in the contract's values.
JHT_TRIGGERS = (
    ("resignation", gettext_lazy("Mengundurkan diri")),
    ("phk", gettext_lazy("PHK")),
    ("pkwt_end", gettext_lazy("Kontrak kerja waktu tertentu (PKWT) berakhir")),
    ("old_age", gettext_lazy("Mencapai usia pensiun")),
    ("death", gettext_lazy("Peserta meninggal dunia")),
    ("total_disability", gettext_lazy("Cacat total tetap")),
    ("leaving_indonesia", gettext_lazy("Meninggalkan Indonesia untuk selamanya")),
    ("bpu_stop", gettext_lazy("Berhenti sebagai peserta BPU")),
)
SEPARATIONS = (
    ("phk", gettext_lazy("PHK")),
    ("resignation", gettext_lazy("Mengundurkan diri")),
    ("pkwt_end", gettext_lazy("Kontrak kerja waktu tertentu (PKWT) berakhir")),
    ("retirement", gettext_lazy("Pensiun")),
    ("total_permanent_disability", gettext_lazy("Cacat total tetap")),
    ("death", gettext_lazy("Peserta meninggal dunia")),
)
TRANSPORT_MODES = (
    ("land", gettext_lazy("Darat")),
    ("sea", gettext_lazy("Laut")),
    ("air", gettext_lazy("Udara")),
)
JHT_PURPOSES = (
    ("housing", gettext_lazy("Perumahan")),
    ("pension_preparation", gettext_lazy("Persiapan pensiun")),
)
SCHOOL_LEVELS = (
    ("tk_sd", gettext_lazy("TK/SD")),
    ("smp", gettext_lazy("SMP")),
    ("sma", gettext_lazy("SMA/SMK")),
    ("university", gettext_lazy("Perguruan tinggi")),
)


def shown_for() -> dict[str, str]:
    """Each field's events, space-separated, as the page's ``data-events`` attribute wants them."""
    out: dict[str, list[str]] = {}
    for event, fields in EVENT_FIELDS.items():
        for name in fields:
            out.setdefault(name, []).append(event)
    return {name: " ".join(events) for name, events in out.items()}


def context() -> dict[str, object]:
    return {
        "event_groups": EVENT_GROUPS,
        "shown": shown_for(),
        "jht_triggers": JHT_TRIGGERS,
        "separations": SEPARATIONS,
        "transport_modes": TRANSPORT_MODES,
        "jht_purposes": JHT_PURPOSES,
        "school_levels": SCHOOL_LEVELS,
    }
