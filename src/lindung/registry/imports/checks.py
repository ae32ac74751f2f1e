"""The cell and row checks of an import, on columns. Value columns are ``v_<key>``, issue codes ``c_<key>``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from lindung.regions.nik_column import check_nik_column, nik_mask_expr
from lindung.registry.imports import employer_rules, lookups, parse
from lindung.registry.imports.parse import required
from lindung.registry.imports.reader import ROW
from lindung.registry.models import ImportKind

if TYPE_CHECKING:
    from lindung.registry.imports.validate import ImportContext

SCIENTIFIC = r"^\d+([.,]\d+)?[eE]\+?\d+$"
REQUIRED = {"name", "birth_date", "sex"}
MAX_DUPLICATE_ROWS_LISTED = 10


def masked(key: str) -> pl.Expr:
    """The cell as it may appear in the preview and the error workbook: personal data masked."""
    s = pl.col(key)
    if key == "nik":
        return nik_mask_expr(s.fill_null(""))
    if key == "name":
        return pl.concat_str(s.str.slice(0, 1), pl.lit("***"))
    if key == "address":
        return pl.when(s.is_not_null()).then(pl.lit("***"))
    if key == "phone":
        return pl.concat_str(pl.lit("***"), s.str.slice(-3))
    if key == "birth_date":
        return s.str.replace_all(r"\d", "#")  # the shape shows a format problem, the digits are personal
    return s.str.slice(0, 120)


def parse_person(frame: pl.DataFrame, ctx: ImportContext) -> pl.DataFrame:
    birth, c_birth = parse.date("birth_date", month_first_seen=parse.month_first_column(frame["birth_date"]))
    sex, c_sex = parse.sex("sex")
    village, c_village = parse.lookup("village", lookups.villages(ctx.region), "village_unknown")
    frame = parse.by_distinct(
        frame, "birth_date", {"v_birth_date": birth, "c_birth_date": required("birth_date", c_birth)}
    )
    frame = parse.by_distinct(frame, "sex", {"v_sex": sex, "c_sex": required("sex", c_sex)})
    frame = parse.by_distinct(frame, "village", {"v_village": village, "c_village": c_village})
    name, c_name = parse.text("name", 150)
    address, c_address = parse.text("address", 300)
    occupation, c_occupation = parse.text("occupation", 100)
    return frame.with_columns(
        name.alias("v_name"),
        required("name", c_name).alias("c_name"),
        address.alias("v_address"),
        c_address.alias("c_address"),
        occupation.alias("v_occupation"),
        c_occupation.alias("c_occupation"),
    )


def check_niks(frame: pl.DataFrame, ctx: ImportContext) -> pl.DataFrame:
    """The offline NIK check against the declared birth date and sex; numbers and scientific notation first."""
    result = check_nik_column(
        frame["nik"], today=ctx.today, region=ctx.region.code, birth_dates=frame["v_birth_date"], sexes=frame["v_sex"]
    )
    numeric = pl.col("nik_numeric")
    scientific = pl.col("nik").str.contains(SCIENTIFIC)
    frame = frame.with_columns(
        result["nik"].alias("nik_clean"),
        result["valid"].alias("nik_valid"),
        pl.concat_list(result["errors"], result["warnings"]).alias("nik_codes"),
        result["warnings"].alias("nik_warnings"),
        result["district_code"].str.slice(0, 5).alias("nik_regency_code"),
    )
    special = pl.when(numeric).then(pl.lit(["nik_numeric"])).when(scientific).then(pl.lit(["nik_scientific"]))
    return frame.with_columns(
        pl.when(numeric | scientific).then(special).otherwise(pl.col("nik_codes")).alias("nik_codes"),
        pl.when(pl.col("nik_valid") & ~numeric & ~scientific).then(pl.col("nik_clean")).alias("v_nik"),
    ).drop("nik_clean", "nik_valid")


def duplicates_in_file(frame: pl.DataFrame) -> pl.DataFrame:
    repeated = pl.col("v_nik").is_not_null() & pl.col("v_nik").is_duplicated()
    groups = (
        frame.filter(repeated)
        .group_by("v_nik")
        .agg(
            pl.col(ROW).sort().head(MAX_DUPLICATE_ROWS_LISTED).cast(pl.String).str.join(", ").alias("dup_rows"),
            pl.len().alias("dup_count"),
        )
        .filter(pl.col("dup_count") > 1)
    )
    frame = frame.join(groups.select("v_nik", "dup_rows"), on="v_nik", how="left", maintain_order="left")
    return frame.with_columns(
        pl.when(pl.col("dup_rows").is_not_null()).then(pl.lit("nik_duplicate_in_file")).alias("c_nik_dup")
    )


def existing(frame: pl.DataFrame) -> pl.DataFrame:
    """Join the workers already registered under the same NIK (by blind index)."""
    niks = frame["v_nik"].drop_nulls().unique().to_list()
    index = lookups.blind_indexes(niks)
    keys = pl.DataFrame([list(index), list(index.values())], schema={"v_nik": pl.String, "nik_index": pl.String})
    frame = frame.join(keys, on="v_nik", how="left", maintain_order="left")
    known = lookups.existing_workers(list(index.values()))
    frame = frame.join(known, on="nik_index", how="left", maintain_order="left")
    differs = pl.col("worker_id").is_not_null() & (
        (pl.col("known_birth") != pl.col("v_birth_date")) | (pl.col("known_sex") != pl.col("v_sex"))
    )
    return frame.with_columns(pl.when(differs).then(pl.lit("existing_differs")).alias("c_existing"))


def check_phones(frame: pl.DataFrame) -> pl.DataFrame:
    checked = lookups.phones(frame["phone"].drop_nulls().unique().to_list())
    return frame.join(checked, on="phone", how="left", maintain_order="left")


def agency_rows(frame: pl.DataFrame) -> pl.DataFrame:
    category, c_category = parse.lookup("vulnerability_category", lookups.categories(), "category_unknown")
    categories = {
        "v_vulnerability_category": category,
        "c_vulnerability_category": required("vulnerability_category", c_category),
    }
    frame = parse.by_distinct(frame, "vulnerability_category", categories)
    female, c_female = parse.boolean("female_head_of_household")
    disability, c_disability = parse.boolean("disability")
    consent, c_consent = parse.boolean("consent")
    frame = frame.with_columns(
        female.alias("v_female_head_of_household"),
        c_female.alias("c_female_head_of_household"),
        disability.alias("v_disability"),
        c_disability.alias("c_disability"),
        consent.alias("v_consent"),
        c_consent.alias("c_consent_value"),
    )
    no_consent = pl.col("c_consent_value").is_null() & ~pl.col("v_consent")
    return frame.with_columns(
        pl.when(no_consent).then(pl.lit("consent_missing")).otherwise(pl.col("c_consent_value")).alias("c_consent"),
        pl.when(pl.col("worker_id").is_not_null()).then(pl.lit("already_in_registry")).alias("c_registered"),
    )


def run(frame: pl.DataFrame, ctx: ImportContext, labels: dict[str, str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every check of one file; returns the plan and the issues."""
    from lindung.registry.imports import plan as planning

    frame = parse_person(frame, ctx)
    frame = check_niks(frame, ctx)
    frame = duplicates_in_file(frame)
    frame = existing(frame)
    frame = check_phones(frame)
    employer_list = ctx.kind == ImportKind.EMPLOYER_WORKERS
    frame = employer_rules.check(frame, ctx) if employer_list else agency_rows(frame)
    issues = planning.issues(frame, ctx.kind, labels)
    return planning.plan(frame, issues, ctx.kind), issues
