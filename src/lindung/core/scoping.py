"""One mechanism that every page, query, export and API call goes through to see only its scope.

Each model registers a rule with :func:`scope_rule`: a function from the user's :class:`Scope` to a ``Q``
filter, or ``None`` for "nothing". A model without a rule, a user without a profile or a role the rule does
not name sees nothing — never everything. Objects outside the scope answer 404, not 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404

from lindung.core.roles import READ_ONLY_ROLES, Role

M = TypeVar("M", bound=models.Model)
RuleFn = Callable[["Scope"], Q | None]
_RULES: dict[type[models.Model], RuleFn] = {}


@dataclass(frozen=True)
class Scope:
    """What one user may see: a role and the ids that bound it."""

    role: Role
    user_id: int
    region_ids: tuple[int, ...] = ()
    agency_id: int | None = None
    branch_id: int | None = None
    employer_id: int | None = None
    worker_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def read_only(self) -> bool:
        return self.role in READ_ONLY_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


def scope_for(user: Any) -> Scope | None:
    """The scope of ``user``, or ``None`` when it has no usable role (sees nothing)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if hasattr(user, "_lindung_scope"):
        cached: Scope | None = user._lindung_scope
        return cached
    scope = _build_scope(user)
    user._lindung_scope = scope
    return scope


def _build_scope(user: Any) -> Scope | None:
    from lindung.core.models import UserProfile

    profile = UserProfile.objects.select_related("branch").filter(user=user).first()
    if profile is None:
        return Scope(role=Role.ADMIN, user_id=user.pk) if user.is_superuser else None
    role = Role(profile.role)
    if role == Role.BRANCH_OFFICER:
        if profile.branch is None:
            return None
        regions = tuple(profile.branch.regions.values_list("id", flat=True))
    else:
        regions = (profile.region_id,) if profile.region_id else ()
    needs = {
        Role.COORDINATOR: bool(regions),
        Role.AUDITOR: bool(regions),
        Role.BRANCH_OFFICER: bool(regions),
        Role.AGENCY_OFFICER: profile.agency_id is not None,
        Role.EMPLOYER: profile.employer_id is not None,
        Role.WORKER: profile.worker_id is not None,
        Role.ADMIN: True,
    }
    if not needs[role]:
        return None
    return Scope(
        role=role,
        user_id=user.pk,
        region_ids=regions,
        agency_id=profile.agency_id,
        branch_id=profile.branch_id,
        employer_id=profile.employer_id,
        worker_id=profile.worker_id,
    )


def scope_rule(model: type[models.Model]) -> Callable[[RuleFn], RuleFn]:
    """Register the scope rule of ``model``."""

    def register(fn: RuleFn) -> RuleFn:
        _RULES[model] = fn
        return fn

    return register


def scoped(queryset: QuerySet[M], user: Any) -> QuerySet[M]:
    """Filter ``queryset`` down to what ``user`` may see."""
    scope = scope_for(user)
    if scope is None:
        return queryset.none()
    if scope.is_admin:
        return queryset
    rule = _RULES.get(queryset.model)
    if rule is None:
        return queryset.none()
    condition = rule(scope)
    if condition is None:
        return queryset.none()
    return queryset.filter(condition).distinct() if _spans_many(condition) else queryset.filter(condition)


def _spans_many(condition: Q) -> bool:
    """Whether a rule follows a to-many relation (then rows could repeat)."""
    for child in condition.children:
        if isinstance(child, Q):
            if _spans_many(child):
                return True
        else:
            lookup = str(child[0])  # type: ignore[index]
            if "__" in lookup and lookup.split("__")[0] in {"memberships", "workers", "employers"}:
                return True
    return False


def get_scoped_or_404(queryset: QuerySet[M], user: Any, **lookup: Any) -> M:
    """The object matching ``lookup`` inside the user's scope, else 404 (no hint that it exists)."""
    from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist

    try:
        return scoped(queryset, user).get(**lookup)
    except (ObjectDoesNotExist, MultipleObjectsReturned, ValueError) as exc:
        raise Http404 from exc


def registered_models() -> list[type[models.Model]]:
    return sorted(_RULES, key=lambda m: m._meta.label)


def can_write(user: Any) -> bool:
    scope = scope_for(user)
    return scope is not None and not scope.read_only
