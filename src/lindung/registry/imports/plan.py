"""Turn the checked columns into the issue list (row, column, masked value, code) and the import plan."""

from __future__ import annotations

import polars as pl

from lindung.registry import notes
from lindung.registry.imports.checks import masked
from lindung.registry.imports.employer_rules import mask_names
from lindung.registry.imports.reader import ROW
from lindung.registry.models import ImportKind

MAX_LENGTH = {"name": 150, "address": 300, "occupation": 100}
# (code column, cell key, parameter column or None)
COMMON = [
    ("c_name", "name", None),
    ("c_birth_date", "birth_date", None),
    ("c_sex", "sex", None),
    ("c_nik_dup", "nik", "p_nik_dup"),
    ("c_existing", "nik", None),
    ("c_registered", "nik", None),
    ("c_address", "address", None),
    ("c_village", "village", None),
    ("c_phone", "phone", None),
    ("c_occupation", "occupation", None),
]
EMPLOYER = [
    ("c_npp", "npp", None),
    ("c_child", "birth_date", "p_child"),
    ("c_wage", "wage", None),
    ("c_valid_from", "valid_from", None),
    ("c_programs", "programs", None),
    ("c_programs_rule", "programs", "p_programs_rule"),
    ("c_jp", "programs", "p_jp"),
    ("c_jkp", "programs", "p_jkp"),
    ("c_required", "programs", "p_required"),
    ("c_kpj", "kpj", None),
    ("c_employer_sector", "employer_sector", "p_employer_sector"),
    ("c_jp_deferral", "jp_deferral", None),
]
AGENCY = [
    ("c_vulnerability_category", "vulnerability_category", None),
    ("c_female_head_of_household", "female_head_of_household", None),
    ("c_disability", "disability", None),
    ("c_consent", "consent", None),
]
EMPTY = pl.Schema(
    {"row": pl.Int64(), "column": pl.String(), "value": pl.String(), "code": pl.String(), "params": pl.String()}
)


def _params(code_col: str, key: str, params_col: str | None) -> pl.Expr:
    if params_col is not None:
        return pl.col(params_col)
    if key in MAX_LENGTH:
        return (
            pl.when(pl.col(code_col) == "too_long").then(pl.lit(f'{{"max":{MAX_LENGTH[key]}}}')).otherwise(pl.lit("{}"))
        )
    return pl.lit("{}")


def issues(frame: pl.DataFrame, kind: str, labels: dict[str, str]) -> pl.DataFrame:
    """One row per problem found, sorted by row; values masked where personal."""
    frame = frame.with_columns(pl.struct(rows=pl.col("dup_rows")).struct.json_encode().alias("p_nik_dup"))
    specs = COMMON + (EMPLOYER if kind == ImportKind.EMPLOYER_WORKERS else AGENCY)
    parts = [
        frame.filter(pl.col(code).is_not_null()).select(
            pl.col(ROW).alias("row"),
            pl.lit(labels.get(key, key)).alias("column"),
            masked(key).alias("value"),
            pl.col(code).alias("code"),
            _params(code, key, params).alias("params"),
        )
        for code, key, params in specs
    ]
    nik = frame.select(ROW, "nik", "nik_codes").explode("nik_codes").filter(pl.col("nik_codes").is_not_null())
    parts.append(
        nik.select(
            pl.col(ROW).alias("row"),
            pl.lit(labels.get("nik", "NIK")).alias("column"),
            masked("nik").alias("value"),
            pl.col("nik_codes").alias("code"),
            pl.lit("{}").alias("params"),
        )
    )
    return pl.concat([p.cast(EMPTY) for p in parts]).sort("row", maintain_order=True)


def plan(frame: pl.DataFrame, found: pl.DataFrame, kind: str) -> pl.DataFrame:
    """What to create for each row: ``ok`` rows (no error) create a worker and/or a membership, or nothing."""
    from lindung.registry.imports.validate import INFO_CODES, WARNING_CODES

    bad = found.filter(~pl.col("code").is_in(list(WARNING_CODES | INFO_CODES)))["row"].unique()
    frame = frame.with_columns((~pl.col(ROW).is_in(bad.implode())).alias("ok"))
    employer = kind == ImportKind.EMPLOYER_WORKERS
    membership = pl.col("ok") & ~pl.col("active_here") if employer else pl.lit(False)
    columns = [
        pl.col(ROW).alias("row"),
        "ok",
        (pl.col("ok") & pl.col("worker_id").is_null()).alias("create_worker"),
        membership.alias("create_membership"),
        "worker_id",
        pl.col("v_nik").alias("nik"),
        "nik_index",
        "nik_regency_code",
        "nik_warnings",
        pl.col("v_name").alias("name"),
        pl.col("v_birth_date").alias("birth_date"),
        pl.col("v_sex").alias("sex"),
        pl.col("v_address").alias("address"),
        pl.col("v_village").alias("village_id"),
        pl.col("phone_e164"),
        "phone_masked",
        "phone_index",
        pl.col("v_occupation").alias("occupation"),
    ]
    if employer:
        columns += [
            pl.col("v_kpj").alias("kpj"),
            "employer_id",
            pl.col("v_wage").alias("wage"),
            pl.col("v_valid_from").alias("valid_from"),
            pl.col("v_programs").alias("programs"),
            pl.col("v_employer_sector").alias("employer_sector"),
            pl.col("v_jp_deferral").alias("jp_deferral"),
            _notes(),
        ]
    else:
        columns += [
            pl.col("v_vulnerability_category").alias("vulnerability_category"),
            pl.col("v_female_head_of_household").alias("female_head_of_household"),
            pl.col("v_disability").alias("disability"),
        ]
    return frame.select(columns)


def _notes() -> pl.Expr:
    """Eligibility decisions worth keeping with the membership: what was left out, and why."""
    return (
        pl.concat_list(
            pl.when(pl.col("c_jp") == "dropped").then(pl.format(notes.DROPPED, pl.lit("JP"), "jp_reason", "jp_ref")),
            pl.when(pl.col("jkp_note").is_not_null()).then(
                pl.format(notes.DROPPED, pl.lit("JKP"), "jkp_reason", "jkp_ref")
            ),
            pl.when(pl.col("c_child") == "child_worker").then(
                pl.format(
                    notes.CHILD,
                    "child_age",
                    "child_articles",
                    "child_ref",
                )
            ),
            pl.when(pl.col("c_required").is_not_null()).then(
                pl.format(notes.MISSING, mask_names(pl.col("required_mask") & ~pl.col("asked")), "required_ref")
            ),
        )
        .list.drop_nulls()
        .alias("notes")
    )
