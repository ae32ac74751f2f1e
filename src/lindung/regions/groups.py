"""Stakeholder groups by name in the reader's language: the region profile names each in Indonesian and English.

Agencies, events and workers store the group's key; every page, form and PDF names it through here, so an English page
never shows ``name_id`` (and an Indonesian one never ``name_en``).
"""

from __future__ import annotations

from collections.abc import Iterable

from lindung.core.rules_words import english
from lindung.regions.model import StakeholderGroup
from lindung.regions.profile import stakeholder_groups


def group_name(group: StakeholderGroup) -> str:
    return group.name_en if english() else group.name_id


def group_label(key: str) -> str:
    """A group's name; a key the profile does not know (an old row) as stored."""
    group = stakeholder_groups().get(key)
    return group_name(group) if group is not None else key


def group_labels(keys: Iterable[str]) -> list[str]:
    return [group_label(key) for key in keys]


def group_choices() -> list[tuple[str, str]]:
    return [(key, group_name(group)) for key, group in stakeholder_groups().items()]
