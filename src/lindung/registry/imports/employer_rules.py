"""Rows of an employer's worker list: the employer (NPP, within scope), wage, start date and programmes.

Programmes are those asked in the row, or else the ones the employer's size requires plus JKP; JP and JKP
then go through the rules (pension age, under 54 at registration) once per distinct birth and start date.
An asked programme the worker cannot join is an error; a default one is dropped with a warning (JP) or a
note (JKP).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import polars as pl

from lindung.registry.imports import lookups, parse
from lindung.registry.imports.parse import required
from lindung.registry.models import EmployerSector, Program
from lindung.registry.permissions import Action, can

if TYPE_CHECKING:
    from lindung.registry.imports.validate import ImportContext

JP, JKP = Program.JP.value, Program.JKP.value


def mask_names(mask: pl.Expr) -> pl.Expr:
    parts = [pl.when((mask & p.value) != 0).then(pl.lit(p.label)) for p in Program]
    return pl.concat_list(parts).list.drop_nulls().list.join(", ")


def _params(**fields: pl.Expr) -> pl.Expr:
    return pl.struct([expr.alias(name) for name, expr in fields.items()]).struct.json_encode()


def _employers(frame: pl.DataFrame, ctx: ImportContext) -> pl.DataFrame:
    frame = frame.with_columns(pl.col("npp").str.replace_all(r"[\s.\-]", "").alias("npp_clean"))
    found = lookups.employers_by_npp(ctx.user, frame["npp_clean"].drop_nulls().unique().to_list())
    ids = {k: v[0] for k, v in found.items()}
    sizes = {k: v[1] for k, v in found.items()}
    own = ctx.employer
    employer_id = pl.col("npp_clean").replace_strict(ids, default=None, return_dtype=pl.Int64)
    size = pl.col("npp_clean").replace_strict(sizes, default=None, return_dtype=pl.String)
    if own is not None:
        employer_id = pl.when(pl.col("npp").is_null()).then(pl.lit(own.pk, pl.Int64)).otherwise(employer_id)
        size = pl.when(pl.col("npp").is_null()).then(pl.lit(own.size, pl.String)).otherwise(size)
    missing = pl.lit("required") if own is None else pl.lit(None, pl.String)
    code = pl.when(pl.col("npp").is_null()).then(missing).when(employer_id.is_null()).then(pl.lit("employer_not_found"))
    return frame.with_columns(employer_id.alias("employer_id"), size.alias("employer_size"), code.alias("c_npp"))


def check(frame: pl.DataFrame, ctx: ImportContext) -> pl.DataFrame:
    wage, c_wage = parse.money("wage")
    start, c_start = parse.date(
        "valid_from",
        month_first_seen=parse.month_first_column(frame["valid_from"]),
        latest=ctx.today + dt.timedelta(days=366),
    )
    programs, c_programs = parse.programs("programs")
    kpj, c_kpj = parse.digits("kpj", 11, "kpj_invalid")
    frame = parse.by_distinct(frame, "wage", {"v_wage": wage, "c_wage": required("wage", c_wage)})
    frame = parse.by_distinct(
        frame, "valid_from", {"v_valid_from": start, "c_valid_from": required("valid_from", c_start)}
    )
    frame = parse.by_distinct(frame, "programs", {"asked": programs, "c_programs": c_programs})
    frame = frame.with_columns(kpj.alias("v_kpj"), c_kpj.alias("c_kpj"))
    frame = _employers(frame, ctx)
    frame = _employer_terms(frame, ctx)
    frame = _programmes(frame)
    return _already_registered(frame)


def sector_names() -> dict[str, object]:
    """Sektor usaha by its folded code or Bahasa label (``EmployerSector``)."""
    names: dict[str, object] = {}
    for choice in EmployerSector:
        names[choice.value] = choice.value
        names[" ".join(str(choice.label).casefold().split())] = choice.value
    return names


def _employer_terms(frame: pl.DataFrame, ctx: ImportContext) -> pl.DataFrame:
    """Sektor usaha and JP deferral of the row's employer, when given; one employer's rows must agree.

    They change what the employer is billed (PP 7/2025, PP 49/2020), so only a user who may edit employers may
    give them: an employer's own upload, or anyone without that right, gets ``employer_terms_forbidden``.
    """
    sector, c_sector = parse.lookup("employer_sector", sector_names(), "sector_unknown")
    deferral, c_deferral = parse.boolean("jp_deferral")
    if not can(ctx.user, Action.EMPLOYER_EDIT):
        forbidden = pl.lit("employer_terms_forbidden")
        c_sector = pl.when(pl.col("employer_sector").is_not_null()).then(forbidden).otherwise(None)
        c_deferral = pl.when(pl.col("jp_deferral").is_not_null()).then(forbidden).otherwise(None)
    allowed = ", ".join(f"{c.value} ({c.label})" for c in EmployerSector)
    frame = frame.with_columns(
        sector.alias("v_employer_sector"),
        c_sector.alias("c_employer_sector"),
        pl.when(pl.col("jp_deferral").is_not_null()).then(deferral).alias("v_jp_deferral"),
        c_deferral.alias("c_jp_deferral"),
        _params(allowed=pl.lit(allowed)).alias("p_employer_sector"),
    )
    differs = [
        (pl.col(value).drop_nulls().n_unique().over("employer_id") > 1) & pl.col(value).is_not_null()
        for value in ("v_employer_sector", "v_jp_deferral")
    ]
    return frame.with_columns(
        pl.when(differs[0])
        .then(pl.lit("employer_values_differ"))
        .otherwise("c_employer_sector")
        .alias("c_employer_sector"),
        pl.when(differs[1]).then(pl.lit("employer_values_differ")).otherwise("c_jp_deferral").alias("c_jp_deferral"),
    )


def _programmes(frame: pl.DataFrame) -> pl.DataFrame:
    keys = frame.select(
        "employer_id",
        "employer_size",
        pl.col("v_valid_from").alias("valid_from"),
        pl.col("v_birth_date").alias("birth_date"),
    ).drop_nulls(["employer_id", "valid_from"])
    program_rules = lookups.program_rules(keys)
    age_rules = lookups.age_rules(keys.drop_nulls("birth_date"))
    frame = frame.join(
        program_rules,
        left_on=["employer_id", "v_valid_from"],
        right_on=["employer_id", "valid_from"],
        how="left",
        maintain_order="left",
    )
    frame = frame.join(
        age_rules,
        left_on=["v_birth_date", "v_valid_from"],
        right_on=["birth_date", "valid_from"],
        how="left",
        maintain_order="left",
    )
    asked, allowed = pl.col("asked"), pl.col("allowed_mask")
    default = pl.col("required_mask") | JKP
    first = pl.coalesce(asked, default) & allowed
    jp_no, jkp_no = ((first & JP) != 0) & ~pl.col("jp_ok"), ((first & JKP) != 0) & ~pl.col("jkp_ok")
    final = first & ~pl.when(jp_no).then(JP).otherwise(0) & ~pl.when(jkp_no).then(JKP).otherwise(0)
    return frame.with_columns(
        final.alias("v_programs"),
        _program_code(asked, allowed).alias("c_programs_rule"),
        _eligibility_code(asked, jp_no).alias("c_jp"),
        pl.when(asked.is_not_null() & jkp_no).then(pl.lit("not_eligible")).alias("c_jkp"),
        _eligibility_params("JP", "jp").alias("p_jp"),
        _eligibility_params("JKP", "jkp").alias("p_jkp"),
        pl.when(asked.is_not_null() & ((pl.col("required_mask") & ~asked) != 0))
        .then(pl.lit("required_missing"))
        .alias("c_required"),
        _params(programs=mask_names(pl.col("required_mask") & ~asked), reference=pl.col("required_ref")).alias(
            "p_required"
        ),
        _params(programs=mask_names(asked & ~allowed), segment=pl.lit("PU")).alias("p_programs_rule"),
        pl.when(jkp_no & asked.is_null()).then(pl.col("jkp_reason")).alias("jkp_note"),
        *_child_columns(),
    )


def _child_columns() -> tuple[pl.Expr, pl.Expr]:
    """UU 13/2003: a worker below the youngest working age is an error, any other child a warning."""
    verdict = pl.col("child_verdict")
    code = pl.when(verdict == "too_young").then(pl.lit("child_too_young")).when(verdict == "exception")
    params = _params(
        age=pl.col("child_age"),
        youngest=pl.col("child_youngest"),
        reference=pl.col("child_ref"),
        articles=pl.col("child_articles"),
    )
    return code.then(pl.lit("child_worker")).alias("c_child"), params.alias("p_child")


def _program_code(asked: pl.Expr, allowed: pl.Expr) -> pl.Expr:
    return (
        pl.when(asked.is_not_null() & ((asked & ~allowed) != 0))
        .then(pl.lit("programs_not_allowed"))
        .when(
            asked.is_null()
            & pl.col("employer_id").is_not_null()
            & pl.col("required_mask").is_null()
            & pl.col("v_valid_from").is_not_null()
        )
        .then(pl.lit("programs_size_unknown"))
    )


def _eligibility_code(asked: pl.Expr, refused: pl.Expr) -> pl.Expr:
    return pl.when(refused & asked.is_not_null()).then(pl.lit("not_eligible")).when(refused).then(pl.lit("dropped"))


def _eligibility_params(program: str, prefix: str) -> pl.Expr:
    """The refusal's English reason (as before) and its code and values, which the message words when shown."""
    values = {"last_month": pl.col("jp_last_month")} if prefix == "jp" else {}
    if prefix == "jkp":
        values = {"age": pl.col("jkp_age"), "max_age": pl.col("jkp_max_age")}
    return _params(
        program=pl.lit(program),
        reason=pl.col(f"{prefix}_reason"),
        reference=pl.col(f"{prefix}_ref"),
        reason_code=pl.col(f"{prefix}_code"),
        **values,
    )


def _already_registered(frame: pl.DataFrame) -> pl.DataFrame:
    ids = frame["worker_id"].drop_nulls().unique().to_list()
    active = lookups.active_pairs(ids).with_columns(pl.lit(True).alias("active_here"))
    frame = frame.join(active, on=["worker_id", "employer_id"], how="left", maintain_order="left")
    here = pl.col("active_here").fill_null(False)
    return frame.with_columns(
        here.alias("active_here"),
        pl.when(here).then(pl.lit("already_registered")).alias("c_registered"),
    )
