"""The rules' messages in the reader's language.

The rules package never imports Django, so it cannot translate: its calc contract answers in English with a
stable ``code`` on every error and on every structured warning. This module words those codes through gettext
(Bahasa Indonesia msgids, English in the catalogue), so a page shows a reader one language only. An English
reader of an error gets the rules' own sentence, which names the value that was refused; an Indonesian reader
gets the sentence of its code, and the accepted values beside it on the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# The eligibility wording lives in core so the registry's services share it; re-exported for the calculator.
from lindung.core.rules_words import ELIGIBILITY_REASONS as ELIGIBILITY_REASONS
from lindung.core.rules_words import eligibility_reason as eligibility_reason
from lindung.core.rules_words import english, quoted_values

#: Error codes of the calc contract (``lindung.rules.errors``) in Bahasa Indonesia.
ERRORS = {
    "required": gettext_noop("Isian ini wajib diisi."),
    "invalid": gettext_noop("Isian ini tidak dapat dibaca."),
    "unknown_value": gettext_noop("Nilai ini tidak dikenal."),
    "out_of_range": gettext_noop("Nilai ini di luar rentang yang diterima."),
    "not_applicable": gettext_noop("Isian ini tidak berlaku untuk kasus ini."),
    "not_covered": gettext_noop("Angka peraturan untuk tanggal atau kasus ini belum tersedia; tidak ditaksir."),
}
UNKNOWN_ERROR = gettext_noop("Isian ini tidak dapat dihitung.")

#: Warning codes of the calc contract with their Bahasa Indonesia sentence.
WARNINGS = {
    "below_umk": gettext_noop(
        "Upah %(wage)s di bawah UMK %(umk)s; hanya boleh bila suatu peraturan mengizinkan upah lebih rendah."
    ),
    "birth_date_missing": gettext_noop("Tanggal lahir tidak diisi: batas usia pensiun JP tidak diperiksa."),
    # The benefit calculator's warnings.
    "jkk_claim_expired": gettext_noop(
        "Hak atas JKK sudah kedaluwarsa: klaim %(claim_date)s melewati batas waktu sejak kecelakaan atau diagnosis."
    ),
    "jht_return_assumed": gettext_noop(
        "Hasil pengembangan tidak diisi: dipakai hasil pengembangan JHT terakhir yang diumumkan (%(annual_return)s)."
    ),
    "jp_minimum_not_applied": gettext_noop(
        "Manfaat minimum JP tahun %(year)s belum diketahui: batas minimum tidak diterapkan."
    ),
    "jp_maximum_not_applied": gettext_noop(
        "Manfaat maksimum JP tahun %(year)s belum diketahui: batas maksimum tidak diterapkan."
    ),
    "pension_age_not_reached": gettext_noop(
        "Usia pensiun belum tercapai: pensiun baru dapat dimulai pada %(pension_starts)s."
    ),
    "no_survivor": gettext_noop("Tidak ada janda/duda, anak, atau orang tua: tidak ada manfaat pensiun ahli waris."),
    "amount_not_computed": gettext_noop("%(amount)s tidak dihitung: angka peraturan untuk tanggal ini belum tersedia."),
    "no_scholarship": gettext_noop(
        "Tidak ada beasiswa: masa iuran %(contribution_months)s bulan, kurang dari %(min_months)s bulan."
    ),
}

#: Why a late fine is what it is (``fines.programs.*.code`` of the calc contract).
FINE_REASONS = {
    "paid_on_time": gettext_noop("Dibayar paling lambat pada tanggal jatuh tempo: tidak ada denda."),
    "bpu_not_fined": gettext_noop("Tidak ada denda yang ditetapkan untuk peserta BPU."),
    "employer_not_fined": gettext_noop("Tidak ada denda yang ditetapkan untuk pemberi kerja %(employer_kind)s."),
    "months_late": gettext_noop("Terlambat %(months_late)s bulan."),
}
EMPLOYER_KINDS = {
    "state": gettext_noop("penyelenggara negara"),
    "private": gettext_noop("swasta"),
    "other": gettext_noop("lainnya"),
}

#: The checks of the ``eligibility`` call by name.
CHECKS = {
    "can_join_jp": gettext_noop("Pendaftaran JP"),
    "can_join_jkp": gettext_noop("Pendaftaran JKP"),
    "bpu_minimum_income": gettext_noop("Penghasilan terendah BPU"),
    "required_programs": gettext_noop("Program wajib pemberi kerja"),
}

#: The named amounts of a benefit (``amounts`` of the calc contract).
AMOUNTS = {
    "transport": gettext_noop("Biaya angkutan"),
    "full_rate_months": gettext_noop("STMB (upah penuh)"),
    "reduced_rate_months": gettext_noop("STMB (separuh upah)"),
    "death_lump_sum": gettext_noop("Santunan kematian"),
    "periodic": gettext_noop("Santunan berkala"),
    "funeral": gettext_noop("Biaya pemakaman"),
    "scholarship": gettext_noop("Beasiswa pendidikan anak"),
    "disability_lump_sum": gettext_noop("Santunan cacat"),
    "home_care": gettext_noop("Perawatan di rumah"),
    "jht_balance": gettext_noop("Saldo JHT"),
    "partial_max": gettext_noop("Klaim sebagian JHT paling banyak"),
    "monthly_pension": gettext_noop("Pensiun hari tua sebulan"),
    "lump_sum": gettext_noop("JP dibayar sekaligus"),
    "disability_pension": gettext_noop("Pensiun cacat sebulan"),
    "spouse_pension": gettext_noop("Pensiun janda/duda sebulan"),
    "children_pension": gettext_noop("Pensiun anak sebulan"),
    "parent_pension": gettext_noop("Pensiun orang tua sebulan"),
    "cash_benefit": gettext_noop("Manfaat uang tunai JKP"),
}
MONEY_VALUES = ("wage", "umk", "minimum", "declared_income")


def error_message(error: Mapping[str, Any]) -> str:
    """The sentence of a refused calculation in the reader's language."""
    if english() and error.get("message"):
        return str(error["message"])
    return _(ERRORS.get(str(error.get("error", "")), UNKNOWN_ERROR))


def warning_message(warning: object) -> str:
    """A structured warning by its code; a plain one (no code) is the rules' English sentence as is."""
    if not isinstance(warning, Mapping):
        return str(warning)
    return _worded(warning, WARNINGS, "message")


def fine_reason(fine: Mapping[str, Any]) -> str:
    """Why a programme's late fine is what it is, by its code; without a known code, the rules' sentence."""
    return _worded(fine, FINE_REASONS, "reason")


def _worded(item: Mapping[str, Any], sentences: Mapping[str, str], english_key: str) -> str:
    """The sentence of ``item``'s code with its values; an unknown code (or a value missing) keeps the rules'
    English rather than fail the page."""
    text = sentences.get(str(item.get("code", "")))
    try:
        return _(text) % _values(item) if text is not None else str(item.get(english_key, ""))
    except (KeyError, TypeError, ValueError):
        return str(item.get(english_key, ""))


def amount_name(name: str) -> str:
    """A benefit amount's name for people; an unknown one stays the contract's key."""
    return _(AMOUNTS[name]) if name in AMOUNTS else name


def _values(item: Mapping[str, Any]) -> dict[str, object]:
    """The values a sentence quotes, written for the reader: rupiah, decimal comma, amounts by name."""
    words: dict[str, Callable[[Any], object]] = {
        "amount": lambda value: amount_name(str(value)),
        "employer_kind": lambda value: _(EMPLOYER_KINDS[value]) if value in EMPLOYER_KINDS else value,
    }
    if not english():
        words["annual_return"] = lambda value: str(value).replace(".", ",")
    return quoted_values(item, MONEY_VALUES, words)


def localise(result: Any) -> Any:
    """Word a calc result for the reader: an error's ``message``, each warning, each late fine's ``reason``, the
    benefit amounts' names (``amount_rows``) and each eligibility check (``check_rows``)."""
    if not isinstance(result, dict):
        return result
    if "error" in result:
        return {**result, "message": error_message(result)}
    if isinstance(result.get("warnings"), list):
        result = {**result, "warnings": [warning_message(w) for w in result["warnings"]]}
    if isinstance(result.get("amounts"), dict):
        result = {**result, "amount_rows": [(amount_name(k), v) for k, v in result["amounts"].items()]}
    if isinstance(result.get("checks"), dict):
        result = {**result, "check_rows": [_check_row(n, c) for n, c in result["checks"].items()]}
    fines = result.get("fines")
    if isinstance(fines, dict) and isinstance(fines.get("programs"), dict):
        programs = {p: {**f, "reason": fine_reason(f)} for p, f in fines["programs"].items()}
        result = {**result, "fines": {**fines, "programs": programs}}
    return result


def _check_row(name: str, check: Any) -> dict[str, Any]:
    """An eligibility check for the page: its name and reason in the reader's language."""
    if not isinstance(check, Mapping):
        return {"name": name, "reason": str(check)}
    title = _(CHECKS[name]) if name in CHECKS else name
    return {**check, "name": title, "reason": eligibility_reason(check)}
