"""Append-only, hash-chained audit log of every write.

Services and views run inside :func:`audit_context` (the web middleware sets it from the request), so each
entry names its actor and, where the user gave one, the reason. Models listed in ``AUDITED_MODELS`` are
recorded automatically on save and delete; bulk writes record one summary entry through
:func:`audit_record`, or one entry per row through :func:`audit_record_many` (one lock, one multi-row insert).
Fields holding personal identifiers (``*_cipher``, ``*_index``) are never copied.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import itertools
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from lindung.core.models import AuditEntry, AuditHead

GENESIS_HASH = "0" * 64
REDACTED_SUFFIXES = ("_cipher", "_index", "password")


@dataclass(frozen=True)
class AuditActor:
    user_id: int | None
    label: str
    reason: str = ""


_current: contextvars.ContextVar[AuditActor | None] = contextvars.ContextVar("lindung_audit_actor", default=None)
AUDITED_MODELS: set[type[models.Model]] = set()


@contextmanager
def audit_context(*, user: Any = None, label: str | None = None, reason: str = "") -> Iterator[AuditActor]:
    """Attribute the writes inside the block to ``user`` (or a system ``label``) with an optional reason."""
    if user is not None and getattr(user, "is_authenticated", False):
        actor = AuditActor(user_id=user.pk, label=user.get_username(), reason=reason)
    else:
        actor = AuditActor(user_id=None, label=label or "system", reason=reason)
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def current_actor() -> AuditActor:
    return _current.get() or AuditActor(user_id=None, label="system")


def audited(model: type[models.Model]) -> type[models.Model]:
    """Class decorator: record every save and delete of ``model``."""
    AUDITED_MODELS.add(model)
    return model


def snapshot(instance: models.Model) -> dict[str, Any]:
    """Field values of ``instance`` safe to keep in the audit log (identifiers redacted)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        name = field.attname
        if name.endswith(REDACTED_SUFFIXES) or getattr(field, "auto_now", False):
            continue
        data[name] = _jsonable(getattr(instance, name))
    return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return "<binary>"
    if isinstance(value, int | str | float | bool | list | dict) or value is None:
        return value
    return str(value)


def _entry_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {
        "created_at": entry.created_at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
    }


def audit_record(
    *,
    action: str,
    object_type: str,
    object_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> AuditEntry:
    """Append one entry to the chain (inside the caller's transaction)."""
    actor = current_actor()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(singleton=1)
        entry = AuditEntry(
            created_at=timezone.now(),
            actor_id=actor.user_id,
            actor_label=actor.label,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            before=before,
            after=after,
            reason=reason if reason is not None else actor.reason,
            prev_hash=head.last_hash,
        )
        # Each entry hashes its predecessor's hash: removing, inserting or editing one breaks the chain.
        entry.entry_hash = _entry_hash(head.last_hash, _payload(entry))
        entry.save(force_insert=True)
        head.last_id, head.last_hash, head.count = entry.pk, entry.entry_hash, head.count + 1
        head.save()
    return entry


@dataclass(frozen=True)
class AuditNote:
    """One entry for :func:`audit_record_many` (the actor and reason come from the audit context)."""

    action: str
    object_type: str
    object_id: str = ""
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def audit_record_many(notes: Sequence[AuditNote]) -> list[AuditEntry]:
    """Append many entries to the chain at once: the same links and hashes as one ``audit_record`` each.

    The head stays locked from the first hash to the insert, so no other entry can come between; the ids the
    database gives must follow the chain's order (``audit_verify`` walks by id), else nothing is written.
    """
    if not notes:
        return []
    actor = current_actor()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(singleton=1)
        now, prev, entries = timezone.now(), head.last_hash, []
        for note in notes:
            entry = AuditEntry(
                created_at=now, actor_id=actor.user_id, actor_label=actor.label, action=note.action,
                object_type=note.object_type, object_id=str(note.object_id), before=note.before, after=note.after,
                reason=actor.reason, prev_hash=prev,
            )  # fmt: skip
            entry.entry_hash = prev = _entry_hash(prev, _payload(entry))
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries, batch_size=1_000)
        _ensure_ids(entries)
        head.last_id, head.last_hash, head.count = entries[-1].pk, prev, head.count + len(entries)
        head.save()
    return entries


def _ensure_ids(entries: list[AuditEntry]) -> None:
    """Fill the ids a database without RETURNING left out, and refuse ids out of the chain's order."""
    if any(entry.pk is None for entry in entries):
        ids = dict(
            AuditEntry.objects.filter(entry_hash__in=[e.entry_hash for e in entries]).values_list("entry_hash", "pk")
        )
        for entry in entries:
            entry.pk = ids[entry.entry_hash]
    if any(a.pk >= b.pk for a, b in itertools.pairwise(entries)):
        raise RuntimeError("audit entries were numbered out of chain order; nothing was written")


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""
    entry_id: int | None = None


def audit_verify() -> VerifyResult:
    """Walk the chain: any edited, inserted or deleted entry breaks it."""
    prev = GENESIS_HASH
    checked = 0
    last_id = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev:
            return VerifyResult(
                False, checked, "chain broken: an entry before this one was removed or edited", entry.pk
            )
        if _entry_hash(prev, _payload(entry)) != entry.entry_hash:
            return VerifyResult(False, checked, "content does not match its hash: the entry was edited", entry.pk)
        prev, last_id, checked = entry.entry_hash, entry.pk, checked + 1
    head = AuditHead.objects.filter(singleton=1).first()
    expected = (head.last_id, head.last_hash, head.count) if head else (0, GENESIS_HASH, 0)
    if (last_id, prev, checked) != expected:
        return VerifyResult(False, checked, "the newest entries were removed (chain head does not match)", last_id)
    return VerifyResult(True, checked)


def _label(instance: models.Model) -> str:
    return instance._meta.label


def _on_pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if sender not in AUDITED_MODELS or kwargs.get("raw"):
        return
    before = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).first()
        before = snapshot(old) if old is not None else None
    instance._audit_before = before  # type: ignore[attr-defined]


def _on_post_save(sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any) -> None:
    if sender not in AUDITED_MODELS or kwargs.get("raw"):
        return
    before = getattr(instance, "_audit_before", None)
    after = snapshot(instance)
    if not created and before == after:
        return
    audit_record(
        action="create" if created else "update",
        object_type=_label(instance),
        object_id=str(instance.pk),
        before=None if created else before,
        after=after,
    )


def _on_post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if sender not in AUDITED_MODELS:
        return
    audit_record(action="delete", object_type=_label(instance), object_id=str(instance.pk), before=snapshot(instance))


pre_save.connect(_on_pre_save, dispatch_uid="lindung_audit_pre_save")
post_save.connect(_on_post_save, dispatch_uid="lindung_audit_post_save")
post_delete.connect(_on_post_delete, dispatch_uid="lindung_audit_post_delete")
