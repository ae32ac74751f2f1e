"""The rules' messages in the reader's language.

The rules package never imports Django, so it cannot translate: its calc contract answers in English with a
stable ``code`` on every error and on every structured warning. This module words those codes through gettext
(Bahasa Indonesia msgids, English in the catalogue), so a page shows a reader one language only. An English
reader of an error gets the rules' own sentence, which names the value that was refused; an Indonesian reader
gets the sentence of its code, and the accepted values beside it on the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from lindung.rules.explain import rupiah_en, rupiah_id

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
}


def english() -> bool:
    return (get_language() or "id").startswith("en")


def error_message(error: Mapping[str, Any]) -> str:
    """The sentence of a refused calculation in the reader's language."""
    if english() and error.get("message"):
        return str(error["message"])
    return _(ERRORS.get(str(error.get("error", "")), UNKNOWN_ERROR))


def warning_message(warning: object) -> str:
    """A structured warning by its code; a plain one (no code) is the rules' English sentence as is."""
    if not isinstance(warning, Mapping):
        return str(warning)
    text = WARNINGS.get(str(warning.get("code", "")))
    if text is None:
        return str(warning.get("message", ""))
    money = rupiah_en if english() else rupiah_id
    values = {name: money(int(warning[name])) for name in ("wage", "umk") if isinstance(warning.get(name), int)}
    return _(text) % values if values else _(text)


def localise(result: Any) -> Any:
    """Add ``message`` in the reader's language to an error and to each warning of a calc result."""
    if not isinstance(result, dict):
        return result
    if "error" in result:
        return {**result, "message": error_message(result)}
    if isinstance(result.get("warnings"), list):
        result = {**result, "warnings": [warning_message(w) for w in result["warnings"]]}
    return result
