"""Which role may do what in the registry. Seeing an object is the scope's job; this says who may act on it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied

from lindung.core.roles import Role
from lindung.core.scoping import scope_for


class Action(StrEnum):
    EMPLOYER_EDIT = "employer_edit"
    WORKER_EDIT = "worker_edit"
    MEMBERSHIP_EDIT = "membership_edit"
    NIK_REVEAL = "nik_reveal"
    IMPORT_EMPLOYER_WORKERS = "import_employer_workers"
    IMPORT_AGENCY_PROPOSALS = "import_agency_proposals"
    DEDUP_REVIEW = "dedup_review"


_WRITERS = {Role.COORDINATOR, Role.BRANCH_OFFICER, Role.AGENCY_OFFICER, Role.ADMIN}
ALLOWED: dict[Action, frozenset[Role]] = {
    Action.EMPLOYER_EDIT: frozenset(_WRITERS),
    Action.WORKER_EDIT: frozenset(_WRITERS | {Role.EMPLOYER}),
    Action.MEMBERSHIP_EDIT: frozenset(_WRITERS | {Role.EMPLOYER}),
    Action.NIK_REVEAL: frozenset(_WRITERS | {Role.EMPLOYER}),
    Action.IMPORT_EMPLOYER_WORKERS: frozenset(_WRITERS | {Role.EMPLOYER}),
    Action.IMPORT_AGENCY_PROPOSALS: frozenset({Role.COORDINATOR, Role.AGENCY_OFFICER, Role.ADMIN}),
    Action.DEDUP_REVIEW: frozenset({Role.COORDINATOR, Role.BRANCH_OFFICER, Role.ADMIN}),
}


def can(user: Any, action: Action) -> bool:
    scope = scope_for(user)
    return scope is not None and scope.role in ALLOWED[action]


def require(user: Any, action: Action) -> None:
    """Refuse with 403 a user whose role may not do ``action`` (reading stays governed by the scope)."""
    if not can(user, action):
        raise PermissionDenied


def allowed_actions(user: Any) -> set[str]:
    """The actions of ``user``, for templates (``{% if 'nik_reveal' in can %}``)."""
    return {action.value for action in Action if can(user, action)}
