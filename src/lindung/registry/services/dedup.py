"""De-duplication: find candidate pairs, dismiss them, merge with a journal, undo a merge.

A scan compares every worker of a region on columns (Polars): the same folded name and birth date, the same
phone (blind index), and NIKs one digit apart. NIKs are decrypted in memory for the scan only; nothing clear
is written. Merges are never automatic: a reviewer merges one pair, the journal keeps what moved, and an undo
puts it back while nothing has changed since.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.core import crypto
from lindung.core.audit import audit_record
from lindung.core.models import Region
from lindung.registry import bulk
from lindung.registry.models import (
    CandidateStatus,
    DuplicateCandidate,
    DuplicateReason,
    Membership,
    MergeJournal,
    Worker,
)

REASON_MIN = 10
MAX_GROUP = 25  # a bigger group of "same phone" is a shared office number, not one person
Pairs = dict[tuple[int, int], set[str]]
FILLABLE = ("address", "village_id", "occupation", "kpj", "phone_cipher", "phone_index", "phone_masked")


def _pairs_in_groups(frame: pl.DataFrame, key: str | list[str]) -> set[tuple[int, int]]:
    groups = frame.group_by(key).agg(pl.col("id")).filter(pl.col("id").list.len().is_between(2, MAX_GROUP))
    pairs: set[tuple[int, int]] = set()
    for ids in groups["id"].to_list():
        pairs.update(combinations(sorted(ids), 2))
    return pairs


def _one_digit_pairs(frame: pl.DataFrame) -> set[tuple[int, int]]:
    """Pairs of 16-digit NIKs equal except in one position: group by the NIK with that position cut out."""
    pairs: set[tuple[int, int]] = set()
    nik = pl.col("nik")
    for pos in range(16):
        keyed = frame.select("id", pl.concat_str(nik.str.slice(0, pos), nik.str.slice(pos + 1)).alias("k"))
        pairs |= _pairs_in_groups(keyed, "k")
    return pairs


def _sharing_a_name(pairs: set[tuple[int, int]], workers: pl.DataFrame) -> set[tuple[int, int]]:
    """Keep pairs whose names share a word. NIKs of people born the same day in the same kecamatan have
    consecutive serials, so "one digit apart" alone mostly finds strangers; a mistyped NIK of the same person
    comes with the same name."""
    paired = workers.filter(pl.col("id").is_in([pk for pair in pairs for pk in pair]))
    words = {pk: set(key.split()) for pk, key in zip(paired["id"].to_list(), paired["name_key"].to_list(), strict=True)}
    return {(a, b) for a, b in pairs if words.get(a, set()) & words.get(b, set())}


def find_candidate_pairs(workers: pl.DataFrame) -> dict[tuple[int, int], set[str]]:
    """Candidate pairs with their reasons, from columns id, name_key, birth_date, phone_index, nik."""
    found: dict[tuple[int, int], set[str]] = {}
    named = workers.filter(pl.col("name_key") != "")
    phoned = workers.filter(pl.col("phone_index") != "")
    one_digit = _sharing_a_name(_one_digit_pairs(workers.select("id", "nik")), workers)
    for reason, pairs in (
        (DuplicateReason.SAME_NAME_BIRTH, _pairs_in_groups(named, ["name_key", "birth_date"])),
        (DuplicateReason.SAME_PHONE, _pairs_in_groups(phoned, "phone_index")),
        (DuplicateReason.NIK_ONE_DIGIT, one_digit),
    ):
        for pair in pairs:
            found.setdefault(pair, set()).add(str(reason))
    return found


def _region_columns(region: Region) -> list[tuple[Any, ...]]:
    """The scan's columns of every unmerged worker of ``region`` (birth dates as ISO text, NIKs encrypted)."""
    rows = Worker.objects.filter(region=region, merged_into__isnull=True).values_list(
        "id", "name_key", Cast("birth_date", output_field=CharField()), "phone_index", "nik_cipher"
    )
    return bulk.columns(rows, 5)


def _frame(ids: Any, name_keys: Any, births: Any, phone_indexes: Any, nik_ciphers: Any) -> pl.DataFrame:
    """The scan's frame: birth dates parsed and NIKs decrypted a column at a time, not one value per row."""
    return pl.DataFrame(
        {
            "id": ids,
            "name_key": name_keys,
            "birth_date": pl.Series(births, dtype=pl.String).str.to_date("%Y-%m-%d"),
            "phone_index": phone_indexes,
            "nik": bulk.decrypt_many(list(nik_ciphers)),
        },
        schema_overrides={"id": pl.Int64, "name_key": pl.String, "phone_index": pl.String, "nik": pl.String},
    )


def _region_frame(region: Region) -> pl.DataFrame:
    return _frame(*_region_columns(region))


def region_pairs_finder(region: Region) -> Callable[[], Pairs]:
    """Read the scan's columns of ``region`` now; the function returned decrypts the NIKs and finds the candidate
    pairs without touching the database, so it may run in a thread while the caller writes something else (the
    demo writes its memberships meanwhile). Hand its result to ``duplicate_scan(found=...)``."""
    columns = _region_columns(region)
    return lambda: find_candidate_pairs(_frame(*columns))


@transaction.atomic
def duplicate_scan(*, region: Region, found: Pairs | None = None) -> int:
    """Record new candidate pairs of ``region`` (open ones get fresh reasons; decided ones stay decided).

    ``found``: the pairs ``region_pairs_finder(region)`` computed, when the caller ran it already."""
    if found is None:
        found = find_candidate_pairs(_region_frame(region))
    existing = {
        (c.worker_a_id, c.worker_b_id): c
        for c in DuplicateCandidate.objects.filter(worker_a__region=region).only("worker_a", "worker_b", "status")
    }
    new, changed = _store_pairs(found, existing)
    audit_record(
        action="duplicate_scan",
        object_type="core.Region",
        object_id=str(region.pk),
        after={"new": len(new), "updated": len(changed)},
    )
    return len(new)


def _nik_one_digit_variants(nik: str) -> list[str]:
    """Every NIK that differs from ``nik`` in exactly one position (16 × 9 of them)."""
    return [
        nik[:pos] + digit + nik[pos + 1 :] for pos in range(len(nik)) for digit in "0123456789" if digit != nik[pos]
    ]


def candidate_pairs_of(worker: Worker) -> dict[tuple[int, int], set[str]]:
    """The pairs ``duplicate_scan`` would find for this one worker, by three indexed lookups.

    Same rules as the scan: the same folded name and birth date, the same phone (blind index), a NIK one digit
    apart sharing a name word; groups bigger than ``MAX_GROUP`` are not proposed. The one-digit lookup asks the
    NIK blind index for the 144 neighbours of the worker's NIK, so no other NIK is decrypted.
    """
    others = Worker.objects.filter(region=worker.region_id, merged_into__isnull=True).exclude(pk=worker.pk)
    found: dict[tuple[int, int], set[str]] = {}

    def add(pk: int, reason: str) -> None:
        found.setdefault((min(pk, worker.pk), max(pk, worker.pk)), set()).add(reason)

    groups = []
    if worker.name_key:  # index worker_region_birth_name
        namesakes = others.filter(birth_date=worker.birth_date, name_key=worker.name_key)
        groups.append((DuplicateReason.SAME_NAME_BIRTH, namesakes))
    if worker.phone_index:
        groups.append((DuplicateReason.SAME_PHONE, others.filter(phone_index=worker.phone_index)))
    for reason, rows in groups:
        ids = list(rows.values_list("pk", flat=True)[:MAX_GROUP])
        if len(ids) < MAX_GROUP:  # with the worker itself the group stays within MAX_GROUP
            for pk in ids:
                add(pk, str(reason))
    neighbours = bulk.blind_indexes(_nik_one_digit_variants(crypto.decrypt(worker.nik_cipher)))
    words = set(worker.name_key.split())
    for pk, key in others.filter(nik_index__in=neighbours).values_list("pk", "name_key"):
        if words & set(key.split()):
            add(pk, str(DuplicateReason.NIK_ONE_DIGIT))
    return found


@transaction.atomic
def duplicate_check_worker(*, worker: Worker) -> int:
    """Record the candidate pairs of one newly registered or changed worker, for review right away.

    Cheap enough to run inside each registration (a handful of indexed queries, no region scan); the nightly
    or post-import ``duplicate_scan`` finds the same pairs. Open pairs get fresh reasons, decided ones stay.
    """
    found = candidate_pairs_of(worker)
    if not found:
        return 0
    existing = {
        (c.worker_a_id, c.worker_b_id): c
        for c in DuplicateCandidate.objects.filter(Q(worker_a=worker) | Q(worker_b=worker)).only(
            "worker_a", "worker_b", "status", "reasons"
        )
    }
    new, _ = _store_pairs(found, existing)
    return len(new)


def _store_pairs(
    found: dict[tuple[int, int], set[str]], existing: dict[tuple[int, int], DuplicateCandidate]
) -> tuple[list[DuplicateCandidate], list[DuplicateCandidate]]:
    """Create the pairs not seen before and refresh the reasons of open ones; decided pairs stay decided."""
    new, changed = [], []
    for (a, b), reasons in found.items():
        current = existing.get((a, b))
        if current is None:
            new.append(DuplicateCandidate(worker_a_id=a, worker_b_id=b, reasons=sorted(reasons)))
        elif current.status == CandidateStatus.OPEN and set(current.reasons) != reasons:
            current.reasons = sorted(reasons)
            changed.append(current)
    DuplicateCandidate.objects.bulk_create(new, batch_size=2000)
    DuplicateCandidate.objects.bulk_update(changed, ["reasons"], batch_size=2000)
    return new, changed


def _reason(text: str) -> str:
    text = " ".join(text.split())
    if len(text) < REASON_MIN:
        raise ValidationError({"reason": _("Tuliskan alasan (paling sedikit %(n)d karakter).") % {"n": REASON_MIN}})
    return text


@transaction.atomic
def duplicate_dismiss(*, candidate: DuplicateCandidate, user: Any, reason: str) -> DuplicateCandidate:
    """Record that the pair is two different people; it is not proposed again."""
    if candidate.status != CandidateStatus.OPEN:
        raise ValidationError(_("Pasangan ini sudah diputuskan."))
    candidate.status, candidate.decision_reason = CandidateStatus.DISMISSED, _reason(reason)
    candidate.decided_by, candidate.decided_at = user, timezone.now()
    candidate.save()
    audit_record(
        action="duplicate_dismiss",
        object_type="registry.DuplicateCandidate",
        object_id=str(candidate.pk),
        reason=candidate.decision_reason,
    )
    return candidate


def _merge_conflicts(survivor: Worker, merged: Worker) -> None:
    mine = set(Membership.objects.filter(worker=survivor, valid_to__isnull=True).values_list("employer_id", flat=True))
    theirs = Membership.objects.filter(worker=merged, valid_to__isnull=True).values_list("employer_id", flat=True)
    if mine & set(theirs):
        raise ValidationError(
            _("Kedua data punya kepesertaan aktif pada pembayar yang sama. Akhiri salah satunya dulu, lalu gabungkan.")
        )


@transaction.atomic
def worker_merge(
    *, survivor: Worker, merged: Worker, user: Any, reason: str, candidate: DuplicateCandidate | None = None
) -> MergeJournal:
    """Merge ``merged`` into ``survivor``: memberships move, blank fields are filled, the journal keeps it all."""
    reason = _reason(reason)
    if survivor.pk == merged.pk or survivor.merged_into_id or merged.merged_into_id:
        raise ValidationError(_("Data ini tidak dapat digabung: pilih dua data yang belum pernah digabung."))
    if survivor.region_id != merged.region_id:
        raise ValidationError(_("Hanya data pekerja dari wilayah yang sama yang dapat digabung."))
    _merge_conflicts(survivor, merged)
    moved = list(Membership.objects.filter(worker=merged).values_list("pk", flat=True))
    before = {f: getattr(survivor, f) for f in FILLABLE if not getattr(survivor, f) and getattr(merged, f)}
    for f in before:
        setattr(survivor, f, getattr(merged, f))
    survivor.save()
    Membership.objects.filter(pk__in=moved).update(worker=survivor)
    merged.merged_into = survivor
    merged.save()
    if candidate is not None:
        candidate.status, candidate.decided_by, candidate.decided_at = CandidateStatus.MERGED, user, timezone.now()
        candidate.decision_reason = reason
        candidate.save()
    journal = MergeJournal.objects.create(
        survivor=survivor,
        merged=merged,
        candidate=candidate,
        moved_memberships=moved,
        survivor_before={f: v for f, v in before.items()},
        reason=reason,
        merged_by=user,
    )
    audit_record(
        action="worker_merge",
        object_type="registry.Worker",
        object_id=str(survivor.pk),
        after={"merged": merged.pk, "memberships": moved, "journal": journal.pk},
        reason=reason,
    )
    return journal


@transaction.atomic
def worker_merge_undo(*, journal: MergeJournal, user: Any, reason: str) -> MergeJournal:
    """Put back what a merge moved, while the moved memberships have not changed since."""
    reason = _reason(reason)
    if journal.undone_at is not None:
        raise ValidationError(_("Penggabungan ini sudah dibatalkan."))
    moved = Membership.objects.filter(pk__in=journal.moved_memberships)
    changed = moved.filter(~Q(worker=journal.survivor) | Q(next_rows__isnull=False)).exists()
    if changed or moved.count() != len(journal.moved_memberships):
        raise ValidationError(
            _("Kepesertaan yang dipindahkan sudah berubah sejak penggabungan: batalkan secara manual.")
        )
    moved.update(worker=journal.merged)
    survivor = journal.survivor
    for f, value in journal.survivor_before.items():
        setattr(survivor, f, value)
    survivor.save()
    merged = journal.merged
    merged.merged_into = None
    merged.save()
    if journal.candidate is not None:
        journal.candidate.status = CandidateStatus.OPEN
        journal.candidate.save()
    journal.undone_at, journal.undone_by, journal.undo_reason = timezone.now(), user, reason
    journal.save()
    audit_record(
        action="worker_merge_undo",
        object_type="registry.Worker",
        object_id=str(survivor.pk),
        after={"restored": merged.pk, "journal": journal.pk},
        reason=reason,
    )
    return journal
