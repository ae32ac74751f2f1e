"""``{{ membership.eligibility_notes|eligibility_notes }}``: the stored English notes in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from lindung.registry.notes import worded_all

register = template.Library()


@register.filter(name="eligibility_notes")
def eligibility_notes(notes: Iterable[str] | None) -> list[str]:
    return worded_all(notes or [])
