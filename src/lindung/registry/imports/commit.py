"""Write a confirmed import plan: new workers and memberships in one transaction, one audit entry.

Rows are built as columns and go in through ``imports.writer`` (COPY on PostgreSQL, ``executemany`` on SQLite, no
model objects); NIK and phone are encrypted in one batch per chunk, in a helper thread, while the previous chunk
is written.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from lindung.core import crypto
from lindung.core.audit import audit_record
from lindung.coverage.tasks import coverage_refresh_later
from lindung.regions.nik_column import nik_mask_expr
from lindung.registry import rules_adapter
from lindung.registry.imports import lookups, writer
from lindung.registry.models import Employer, ImportJob, ImportKind, Membership, PayerKind, Segment, Worker

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


def _text(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name).fill_null("") if name in frame.columns else pl.lit("")


def _flag(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name).fill_null(False) if name in frame.columns else pl.lit(False)


def _worker_frame(job: ImportJob, now: str, new: pl.DataFrame) -> pl.DataFrame:
    """The worker rows to insert, columns named as the model's fields; NIK and phone encrypted in one batch
    each. Runs in a helper thread: no database access here."""
    phones = new["phone_e164"].fill_null("")
    known = phones.filter(phones != "").to_list()
    phone_tokens = pl.Series(crypto.encrypt_many(known), dtype=pl.String)
    phone_cipher = phones.scatter((phones != "").arg_true(), phone_tokens) if known else phones
    proposals = job.kind == ImportKind.AGENCY_PROPOSALS
    category = _text(new, "vulnerability_category")
    frame = new.with_columns(
        pl.Series("nik_cipher", crypto.encrypt_many(new["nik"].to_list()), dtype=pl.String),
        writer.json_text("nik_warnings").alias("nik_warnings"),
        phone_cipher.alias("phone_cipher"),
    )
    return frame.select(
        pl.lit(job.region_id, pl.Int64).alias("region"),
        "nik_cipher",
        "nik_index",
        nik_mask_expr("nik").alias("nik_masked"),
        _text(new, "nik_regency_code").alias("nik_regency_code"),
        "nik_warnings",
        "name",
        "name_key",
        writer.db_date_text("birth_date").alias("birth_date"),
        "sex",
        pl.col("village_id").cast(pl.Int64).alias("village"),
        _text(new, "address").alias("address"),
        "phone_cipher",
        _text(new, "phone_index").alias("phone_index"),
        _text(new, "phone_masked").alias("phone_masked"),
        _text(new, "occupation").alias("occupation"),
        _text(new, "kpj").alias("kpj"),
        category.alias("vulnerability_category"),
        _flag(new, "female_head_of_household").alias("female_head_of_household"),
        _flag(new, "disability").alias("disability"),
        pl.when(pl.lit(proposals) & (category != "")).then(pl.lit(now)).alias("vulnerability_consent_at"),
        pl.lit(job.agency_id if proposals else None, pl.Int64).alias("proposed_by_agency"),
        pl.lit(job.pk, pl.Int64).alias("import_job"),
        pl.lit(now).alias("created_at"),
        pl.lit(now).alias("updated_at"),
    )


def _membership_frame(job: ImportJob, rows: pl.DataFrame) -> pl.DataFrame:
    """The membership rows to insert, columns named as the model's fields."""
    now = writer.db_datetime_text(timezone.now())
    return rows.with_columns(writer.json_text("notes").alias("notes")).select(
        pl.col("worker_id").alias("worker"),
        pl.lit(PayerKind.EMPLOYER.value).alias("payer_kind"),
        pl.col("employer_id").alias("employer"),
        pl.lit("").alias("sponsor_name"),
        pl.lit(Segment.PU.value).alias("segment"),
        "programs",
        "wage",
        writer.db_date_text("valid_from").alias("valid_from"),
        pl.lit("").alias("end_reason"),
        pl.lit("").alias("end_note"),
        pl.lit(rules_adapter.RULES_VERSION).alias("rules_version"),
        pl.col("notes").alias("eligibility_notes"),
        pl.lit(job.pk, pl.Int64).alias("import_job"),
        pl.lit(now).alias("created_at"),
    )


def _employer_terms(job: ImportJob, plan: pl.DataFrame) -> None:
    """Sektor usaha and JP deferral given for the rows' employers (one value per employer, checked before);
    each employer whose value changes is updated and audited."""
    if "employer_sector" not in plan.columns:
        return
    for name, field in (("employer_sector", "sector"), ("jp_deferral", "jp_deferral")):
        given = dict(
            plan.filter(pl.col(name).is_not_null()).group_by("employer_id").agg(pl.col(name).first()).iter_rows()
        )
        before = dict(Employer.objects.filter(pk__in=list(given)).values_list("pk", field))
        for employer_id, value in given.items():
            if before.get(employer_id, value) == value:
                continue
            Employer.objects.filter(pk=employer_id).update(**{field: value, "updated_at": timezone.now()})
            audit_record(
                action="employer_update",
                object_type="registry.Employer",
                object_id=str(employer_id),
                before={field: before[employer_id]},
                after={field: value, "import_job": job.pk},
            )


def _new_ids(job: ImportJob) -> dict[str, int]:
    """nik_index -> id of the workers this job just inserted (plain SQL: a million rows, two columns)."""
    table = connection.ops.quote_name(Worker._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nik_index, id FROM {table} WHERE import_job_id = %s", [job.pk])  # noqa: S608
        return dict(cursor.fetchall())


def _write_workers(job: ImportJob, new: pl.DataFrame, progress: Callable[[int], None]) -> int:
    """Insert the new workers chunk by chunk, encrypting the next chunks in a helper thread meanwhile: the
    database releases the GIL while it writes, so on two cores encryption costs little wall time."""
    now = writer.db_datetime_text(timezone.now())
    parts = [new.slice(start, writer.CHUNK) for start in range(0, new.height, writer.CHUNK)]
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-encrypt")
    written = 0
    try:
        for frame in pool.map(partial(_worker_frame, job, now), parts):
            written += writer.write_frame(Worker, frame)
            progress(written)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return written


def commit_plan(job: ImportJob, plan: pl.DataFrame, progress: Progress) -> tuple[int, int]:
    """Create the workers and memberships of the ``ok`` rows of ``plan``; returns (workers, memberships).

    Everything is written in one transaction (a failure leaves nothing); the coverage figures of the region
    are refreshed in the task queue once it commits.
    """
    # the same folding as identifiers.name_key, on the column
    folded = pl.col("name").str.to_lowercase().str.replace_all(r"[^\w\s]", " ").str.replace_all(r"\s+", " ")
    plan = plan.filter(pl.col("ok")).with_columns(folded.str.strip_chars().str.slice(0, 150).alias("name_key"))
    plan = _recheck(plan, job.kind)
    new = plan.filter(pl.col("create_worker"))
    total = new.height + plan.filter(pl.col("create_membership")).height
    with transaction.atomic():
        workers = _write_workers(job, new, lambda done: progress(done, total))
        ids = _new_ids(job)
        members = plan.with_columns(
            pl.coalesce(
                "worker_id", pl.col("nik_index").replace_strict(ids, default=None, return_dtype=pl.Int64)
            ).alias("worker_id")
        ).filter(pl.col("create_membership"))
        memberships = 0
        if members.height:  # an agency's proposals create workers only
            memberships = writer.write_frame(
                Membership, _membership_frame(job, members), progress=lambda done: progress(workers + done, total)
            )
        audit_record(
            action="import",
            object_type="registry.ImportJob",
            object_id=str(job.pk),
            after={"workers": workers, "memberships": memberships, "sha256": job.file_sha256},
        )
        _employer_terms(job, plan)
        if workers or memberships:
            coverage_refresh_later(job.region_id)
    progress(total, total)
    return workers, memberships
