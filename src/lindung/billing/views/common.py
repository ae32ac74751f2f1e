"""What the billing pages share: today, who may do what, services' refusals as page messages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone

from lindung.core.roles import Role
from lindung.core.scoping import scope_for

T = TypeVar("T")
OFFICERS = frozenset({Role.BRANCH_OFFICER, Role.ADMIN})
BRANCH = frozenset({Role.BRANCH_OFFICER, Role.ADMIN, Role.AUDITOR})
OVERSIGHT = frozenset({Role.BRANCH_OFFICER, Role.ADMIN, Role.COORDINATOR, Role.AUDITOR})
#: Who may issue a letter signed "Petugas BPJS Ketenagakerjaan" (the dunning letter): BPJS's own staff and the
#: administrator; the city's coordinator and the auditor see the arrears but do not write in BPJS's name.
LETTER_ISSUERS = OFFICERS


def today() -> dt.date:
    return timezone.localdate()


def role_of(user: Any) -> Role | None:
    scope = scope_for(user)
    return scope.role if scope else None


def require_role(user: Any, roles: frozenset[Role]) -> None:
    """Pages outside a role's work answer 404, like objects outside its scope."""
    if role_of(user) not in roles:
        raise Http404


def run_service(request: HttpRequest, call: Callable[[], T]) -> T | None:
    """Call a service; its refusal becomes page messages and nothing was saved."""
    try:
        return call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return None


def date_param(request: HttpRequest, name: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return default
