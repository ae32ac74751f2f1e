"""Writes of the registry (keyword-only, typed, transactional, validated): one module per concern."""

from lindung.registry.services.dedup import (
    duplicate_check_worker,
    duplicate_dismiss,
    duplicate_scan,
    worker_merge,
    worker_merge_undo,
)
from lindung.registry.services.employers import employer_create, employer_update
from lindung.registry.services.memberships import (
    membership_change_wage,
    membership_deactivate,
    membership_move,
    membership_reactivate,
    membership_register,
)
from lindung.registry.services.workers import worker_nik_reveal, worker_register, worker_update

__all__ = [
    "duplicate_check_worker",
    "duplicate_dismiss",
    "duplicate_scan",
    "employer_create",
    "employer_update",
    "membership_change_wage",
    "membership_deactivate",
    "membership_move",
    "membership_reactivate",
    "membership_register",
    "worker_merge",
    "worker_merge_undo",
    "worker_nik_reveal",
    "worker_register",
    "worker_update",
]
