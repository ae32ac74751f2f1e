"""Employers suspected of partial registration (PDS, *perusahaan daftar sebagian*), from the registry alone.

Three signs, each a reason to look, not a finding (anchors.md §4.7; PP 86/2013 sanctions need a check first):
- ``wage``: a wage earner registered below the UMK of the year (PDS upah);
- ``programme``: a wage earner without a programme the employer's size requires (asked of the rules:
  PP 6/2025 Pasal 4(3)); a missing JP of a worker who was past the JP age limit when registered is no gap;
- ``headcount``: fewer active wage earners than the smallest business of its size class has. The class is
  the registered *skala usaha*; the bounds are BPS's size classes by number of workers (Sensus Ekonomi /
  Survei Industri: micro 1–4, small 5–19, medium 20–99, large 100 or more). A heuristic, labelled as one.

Pure polars plus the rules adapter (no Django): ``refresh.py`` reads the columns and stores the result.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from lindung.coverage import rules_adapter

#: BPS size classes by number of workers: the least a business of each class employs.
MIN_WORKERS = {"micro": 1, "small": 5, "medium": 20, "large": 100}
PROGRAMME_BITS = {"JKK": 1, "JKM": 2, "JHT": 4, "JP": 8, "JKP": 16}
REASONS = ("wage", "programme", "headcount")
COLUMNS = [
    "employer_id",
    "active_workers",
    "expected_min_workers",
    "below_umk",
    "reasons",
    "rules_reference",
    "severity",
]


def _required(sizes: list[str], as_of: dt.date) -> dict[str, tuple[tuple[str, ...], str]]:
    found = {size: rules_adapter.required_programs(size, as_of) for size in sizes if size}
    return {size: answer for size, answer in found.items() if answer is not None}


def _jp_eligible(rows: pl.DataFrame, sizes: list[str]) -> pl.DataFrame:
    """JP eligibility at registration of the rows that lack JP where the size asks for it (a gap only then).

    One rules call per distinct (birth date, start) pair among those rows, not per row.
    """
    lacking = rows.filter(pl.col("size").is_in(sizes) & ((pl.col("programs") & PROGRAMME_BITS["JP"]) == 0))
    pairs = lacking.select("birth_date", "valid_from").unique()
    # PP 45/2015 Pasal 15 decides by month (before the month of the pension age): ask once per pair of months.
    months = pairs.with_columns(b=pl.col("birth_date").dt.month_start(), s=pl.col("valid_from").dt.month_start())
    distinct = months.select("b", "s").unique()
    answers = [rules_adapter.can_join_jp(birth, start) for birth, start in distinct.iter_rows()]
    decided = distinct.with_columns(jp_eligible=pl.Series(answers, dtype=pl.Boolean))
    return months.join(decided, on=["b", "s"]).select("birth_date", "valid_from", "jp_eligible")


def _missing_counts(active: pl.DataFrame, required: dict[str, tuple[tuple[str, ...], str]]) -> pl.DataFrame:
    """Per employer: wage earners lacking each programme its size requires."""
    needs = {programme for programmes, _ in required.values() for programme in programmes}
    jp_sizes = [size for size, (programmes, _) in required.items() if "JP" in programmes]
    with_jp = active.join(_jp_eligible(active, jp_sizes), on=["birth_date", "valid_from"], how="left")
    counts = []
    for programme in sorted(needs, key=list(PROGRAMME_BITS).index):
        sizes = [size for size, (programmes, _) in required.items() if programme in programmes]
        lacking = pl.col("size").is_in(sizes) & ((pl.col("programs") & PROGRAMME_BITS[programme]) == 0)
        if programme == "JP":
            lacking = lacking & pl.col("jp_eligible").fill_null(True)
        counts.append(lacking.sum().alias(f"missing_{programme}"))
    return with_jp.group_by("employer_id").agg(counts) if counts else active.select("employer_id").unique()


def employer_compliance(
    memberships: pl.DataFrame, workers: pl.DataFrame, employers: pl.DataFrame, *, as_of: dt.date, umk: int | None
) -> pl.DataFrame:
    """The employers with at least one sign, most signs first (``missing_<programme>`` columns: counts).

    memberships: employer_id, worker_id, segment, wage, programs, valid_from, valid_to
    workers: worker_id, birth_date; employers: employer_id, size ("" for a state organiser)
    """
    valid_to = pl.col("valid_to")
    active = (
        memberships.filter(
            pl.col("employer_id").is_not_null()
            & (pl.col("segment") == "PU")
            & (pl.col("valid_from") <= as_of)
            & (valid_to.is_null() | (valid_to >= as_of))
        )
        .join(workers.select("worker_id", "birth_date"), on="worker_id", how="inner")
        .join(employers.select("employer_id", "size"), on="employer_id", how="inner")
    )
    required = _required(employers["size"].unique().to_list(), as_of)
    below = (pl.col("wage") < umk).sum() if umk else pl.lit(0, pl.UInt32)
    per_employer = active.group_by("employer_id").agg(
        active_workers=pl.col("worker_id").n_unique(), below_umk=below.cast(pl.Int64)
    )
    frame = (
        employers.select("employer_id", "size")
        .join(per_employer, on="employer_id", how="left")
        .join(_missing_counts(active, required), on="employer_id", how="left")
        .fill_null(0)
    )
    return _flag(frame, required)


def _flag(frame: pl.DataFrame, required: dict[str, tuple[tuple[str, ...], str]]) -> pl.DataFrame:
    missing_columns = [c for c in frame.columns if c.startswith("missing_")]
    expected = pl.col("size").replace_strict(MIN_WORKERS, default=None, return_dtype=pl.Int64)
    missing_total = pl.sum_horizontal(missing_columns) if missing_columns else pl.lit(0)
    reasons = pl.concat_list(
        pl.when(pl.col("below_umk") > 0).then(pl.lit("wage")),
        pl.when(missing_total > 0).then(pl.lit("programme")),
        pl.when(pl.col("active_workers") < expected).then(pl.lit("headcount")),
    ).list.drop_nulls()
    references = {size: reference for size, (_, reference) in required.items()}
    flagged = frame.with_columns(
        expected_min_workers=expected,
        reasons=reasons,
        rules_reference=pl.col("size").replace_strict(references, default="", return_dtype=pl.String),
        severity=(reasons.list.len() * 1000 + pl.col("below_umk") + missing_total).cast(pl.Int64),
    ).filter(pl.col("reasons").list.len() > 0)
    return flagged.select(*COLUMNS, *missing_columns).sort("severity", "employer_id", descending=[True, False])


def missing_of(row: dict[str, object]) -> dict[str, int]:
    """The ``missing_<programme>`` columns of a result row as {programme: count}, zeros left out."""
    return {k.removeprefix("missing_"): int(v) for k, v in row.items() if k.startswith("missing_") and v}  # type: ignore[call-overload]


def merge_flags(suspects: pl.DataFrame, flags: dict[int, list[str]], employers: pl.DataFrame) -> pl.DataFrame:
    """Add reasons from elsewhere (billing) to the suspects; an employer flagged only there joins the list."""
    if not flags:
        return suspects
    known = set(employers["employer_id"].to_list())
    extra = pl.DataFrame(
        {"employer_id": [pk for pk in flags if pk in known], "extra": [flags[pk] for pk in flags if pk in known]},
        schema={"employer_id": pl.Int64, "extra": pl.List(pl.String)},
    )
    merged = suspects.join(extra, on="employer_id", how="full", coalesce=True)
    reasons = pl.concat_list(pl.col("reasons").fill_null([]), pl.col("extra").fill_null([])).list.unique(
        maintain_order=True
    )
    return (
        merged.with_columns(
            reasons=reasons,
            severity=pl.col("severity").fill_null(0) + pl.col("extra").list.len().fill_null(0) * 1000,
        )
        .drop("extra")
        .with_columns(
            pl.col("active_workers", "below_umk", "^missing_.*$").fill_null(0), pl.col("rules_reference").fill_null("")
        )
        .sort("severity", "employer_id", descending=[True, False])
    )
