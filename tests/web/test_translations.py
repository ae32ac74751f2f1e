"""Every user-facing string has its English translation (Bahasa Indonesia is the source language)."""

from pathlib import Path

import polib

import lindung

CATALOGUE = Path(lindung.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_to_english() -> None:
    po = polib.pofile(str(CATALOGUE))
    untranslated = [entry.msgid for entry in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"translate these in {CATALOGUE}: {untranslated[:10]}"
