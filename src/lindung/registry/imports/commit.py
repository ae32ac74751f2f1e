"""Write a confirmed import plan: new workers and memberships in one transaction, one audit entry.

Rows go in through ``registry.bulk`` (chunked ``executemany``, no model objects); NIK and phone are encrypted
first, outside the transaction, on every core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import repeat
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from lindung.core.audit import audit_record
from lindung.regions.nik_column import nik_mask_expr
from lindung.registry import rules_adapter
from lindung.registry.bulk import db_datetime, encrypt_many, insert_rows, json_value
from lindung.registry.imports import lookups
from lindung.registry.models import ImportJob, ImportKind, Membership, PayerKind, Segment, Worker

Progress = Callable[[int, int], None]


def _recheck(plan: pl.DataFrame, kind: str) -> pl.DataFrame:
    """Rows whose worker was registered by someone else since the preview become membership-only rows."""
    new = plan.filter(pl.col("create_worker"))["nik_index"].to_list()
    known = lookups.existing_workers(new).select("nik_index", pl.col("worker_id").alias("now_id"))
    plan = (
        plan.join(known, on="nik_index", how="left", maintain_order="left")
        .with_columns(
            pl.coalesce("worker_id", "now_id").alias("worker_id"),
            (pl.col("create_worker") & pl.col("now_id").is_null()).alias("create_worker"),
        )
        .drop("now_id")
    )
    if kind != ImportKind.EMPLOYER_WORKERS:
        return plan
    active = lookups.active_pairs(plan["worker_id"].drop_nulls().unique().to_list())
    active = active.with_columns(pl.lit(True).alias("now_active"))
    plan = plan.join(active, on=["worker_id", "employer_id"], how="left", maintain_order="left")
    return plan.with_columns(
        (pl.col("create_membership") & pl.col("now_active").is_null()).alias("create_membership")
    ).drop("now_active")


WORKER_FIELDS = [
    "region",
    "nik_cipher",
    "nik_index",
    "nik_masked",
    "nik_regency_code",
    "nik_warnings",
    "name",
    "name_key",
    "birth_date",
    "sex",
    "village",
    "address",
    "phone_cipher",
    "phone_index",
    "phone_masked",
    "occupation",
    "kpj",
    "vulnerability_category",
    "female_head_of_household",
    "disability",
    "vulnerability_consent_at",
    "proposed_by_agency",
    "import_job",
    "created_at",
    "updated_at",
]


def _text(frame: pl.DataFrame, name: str) -> list[Any]:
    return frame[name].fill_null("").to_list() if name in frame.columns else [""] * frame.height


def _flag(frame: pl.DataFrame, name: str) -> list[Any]:
    return frame[name].fill_null(False).to_list() if name in frame.columns else [False] * frame.height


def _worker_rows(job: ImportJob, new: pl.DataFrame) -> Iterator[tuple[Any, ...]]:
    """Rows in the order of WORKER_FIELDS, built a column at a time (NIK and phone encrypted in one batch)."""
    n, now = new.height, db_datetime(timezone.now())
    niks, phones = new["nik"].to_list(), new["phone_e164"].to_list()
    known = [p for p in phones if p]
    tokens = dict(zip(known, encrypt_many(known), strict=True))
    warnings = json_value(Worker, "nik_warnings")
    proposals = job.kind == ImportKind.AGENCY_PROPOSALS
    categories = _text(new, "vulnerability_category")
    columns = [
        repeat(job.region_id, n),
        encrypt_many(niks),
        new["nik_index"].to_list(),
        new.select(nik_mask_expr("nik"))["nik"].to_list(),
        _text(new, "nik_regency_code"),
        [warnings(w or []) for w in new["nik_warnings"].to_list()],
        new["name"].to_list(),
        new["name_key"].to_list(),
        new["birth_date"].to_list(),
        new["sex"].to_list(),
        new["village_id"].to_list(),
        _text(new, "address"),
        [tokens[p] if p else "" for p in phones],
        _text(new, "phone_index"),
        _text(new, "phone_masked"),
        _text(new, "occupation"),
        _text(new, "kpj"),
        categories,
        _flag(new, "female_head_of_household"),
        _flag(new, "disability"),
        [now if proposals and c else None for c in categories],
        repeat(job.agency_id if proposals else None, n),
        repeat(job.pk, n),
        repeat(now, n),
        repeat(now, n),
    ]
    return zip(*columns, strict=False)


MEMBERSHIP_FIELDS = [
    "worker",
    "payer_kind",
    "employer",
    "sponsor_name",
    "segment",
    "programs",
    "wage",
    "valid_from",
    "end_reason",
    "end_note",
    "rules_version",
    "eligibility_notes",
    "import_job",
    "created_at",
]


def _membership_rows(job: ImportJob, rows: pl.DataFrame) -> Iterator[tuple[Any, ...]]:
    """Rows in the order of MEMBERSHIP_FIELDS, a column at a time."""
    n, now = rows.height, db_datetime(timezone.now())
    notes = json_value(Membership, "eligibility_notes")
    columns = [
        rows["worker_id"].to_list(),
        repeat(PayerKind.EMPLOYER.value, n),
        rows["employer_id"].to_list(),
        repeat("", n),
        repeat(Segment.PU.value, n),
        rows["programs"].to_list(),
        rows["wage"].to_list(),
        rows["valid_from"].to_list(),
        repeat("", n),
        repeat("", n),
        repeat(rules_adapter.RULES_VERSION, n),
        [notes(v or []) for v in rows["notes"].to_list()],
        repeat(job.pk, n),
        repeat(now, n),
    ]
    return zip(*columns, strict=False)


def _new_ids(job: ImportJob) -> dict[str, int]:
    """nik_index -> id of the workers this job just inserted (plain SQL: a million rows, two columns)."""
    table = connection.ops.quote_name(Worker._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nik_index, id FROM {table} WHERE import_job_id = %s", [job.pk])  # noqa: S608
        return dict(cursor.fetchall())


def commit_plan(job: ImportJob, plan: pl.DataFrame, progress: Progress) -> tuple[int, int]:
    """Create the workers and memberships of the ``ok`` rows of ``plan``; returns (workers, memberships)."""
    # the same folding as identifiers.name_key, on the column
    folded = pl.col("name").str.to_lowercase().str.replace_all(r"[^\w\s]", " ").str.replace_all(r"\s+", " ")
    plan = plan.filter(pl.col("ok")).with_columns(folded.str.strip_chars().str.slice(0, 150).alias("name_key"))
    plan = _recheck(plan, job.kind)
    new = plan.filter(pl.col("create_worker"))
    total = new.height + plan.filter(pl.col("create_membership")).height
    worker_rows = list(_worker_rows(job, new))  # encrypted before the transaction opens
    with transaction.atomic():
        workers = insert_rows(Worker, WORKER_FIELDS, worker_rows, progress=progress, total=total)
        ids = _new_ids(job)
        members = plan.with_columns(
            pl.coalesce(
                "worker_id", pl.col("nik_index").replace_strict(ids, default=None, return_dtype=pl.Int64)
            ).alias("worker_id")
        ).filter(pl.col("create_membership"))
        offset = lambda done, _total: progress(workers + done, total)  # noqa: E731
        memberships = 0
        if members.height:  # an agency's proposals create workers only
            rows = _membership_rows(job, members)
            memberships = insert_rows(Membership, MEMBERSHIP_FIELDS, rows, progress=offset, total=total)
        audit_record(
            action="import",
            object_type="registry.ImportJob",
            object_id=str(job.pk),
            after={"workers": workers, "memberships": memberships, "sha256": job.file_sha256},
        )
    progress(total, total)
    return workers, memberships
