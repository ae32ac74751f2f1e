"""Why a role may not do something, in the reader's language: the body of every 403 (pages and API).

A refusal by role is not a workflow message: an auditor who presses a button is told that auditors only read,
not whose turn the step is. A view that knows more raises ``PermissionDenied(reason)``; a bare
``PermissionDenied`` gets the reason of the user's role from here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lindung.core.scoping import scope_for


def role_refusal(user: Any) -> str:
    scope = scope_for(user)
    if scope is None:
        return _("Akun Anda belum mempunyai peran atau wilayah kerja: minta administrator mengaturnya.")
    if scope.read_only:
        return _("Auditor hanya membaca: peran ini tidak dapat mengubah data atau mengambil langkah apa pun.")
    return _("Peran Anda (%(role)s) tidak berwenang melakukan tindakan ini.") % {"role": scope.role.label}


def refusal_reason(user: Any, exc: BaseException) -> str:
    """The exception's own reason if it has one, else the role's."""
    return str(exc) or role_refusal(user)


def refusal(user: Any, specific: str) -> str:
    """``specific`` (who may do it) for a role that works here; the role's own reason for an auditor or no role."""
    scope = scope_for(user)
    return role_refusal(user) if scope is None or scope.read_only else specific
