"""Validate an uploaded worker list on columns: headers, cells, NIK structure, duplicates, scope and the rules.

The result is a *plan* (one typed row per data row, saying what to create) and the *issues* (row, column,
masked value, code, parameters). Nothing is written here; ``imports.commit`` writes a confirmed plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from lindung.core.models import Agency, Region
from lindung.registry.imports import checks, reader
from lindung.registry.imports.columns import COLUMNS, Column, header_fit, match_headers
from lindung.registry.imports.header import column_letter
from lindung.registry.imports.reader import ROW, FileRejected
from lindung.registry.imports.totals import without_totals
from lindung.registry.models import Employer, ImportKind

WARNING_CODES = frozenset(
    {
        "header_unknown",
        "header_blank",
        "csv_encoding",
        "regency_unknown",
        "district_unknown",
        "outside_region",
        "phone_prefix_unknown",
        "village_unknown",
        "existing_differs",
        "required_missing",
        "child_worker",
        "footer_rows",
        "csv_stray_quote",
    }
)
#: Issues that only say what was done and ask nothing of the user: shown apart from warnings ("Informasi"), never
#: counted as one, never blocking. In the file: a row that is plainly not a worker, skipped and named. In a row: the
#: worker is in the registry already (nothing created, nothing changed), or a programme the rules leave out of a
#: default set ("dropped": JP past pension age; the note is kept with the membership). A programme the row asked
#: for and cannot have stays an error (``not_eligible``); one the employer's size requires and the row left out
#: stays a warning (``required_missing``).
INFO_CODES = frozenset({"column_numbers_row", "totals_row", "already_in_registry", "already_registered", "dropped"})
ISSUE_SCHEMA = {"row": pl.Int64, "column": pl.String, "value": pl.String, "code": pl.String, "params": pl.String}


@dataclass
class ImportContext:
    kind: str
    region: Region
    user: Any
    today: dt.date
    employer: Employer | None = None  # an employer user's own employer: the NPP column may be left out
    agency: Agency | None = None  # who proposes the workers of an agency list


@dataclass
class Validation:
    plan: pl.DataFrame
    issues: pl.DataFrame
    file_issues: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return any(i["severity"] == "error" for i in self.file_issues)

    def counts(self) -> dict[str, int]:
        if self.plan.is_empty():
            return {"total_rows": 0, "valid_rows": 0, "error_rows": 0, "warning_rows": 0, "unchanged_rows": 0}
        errors = self._rows("error")
        warned = self._rows("warning") - errors
        ok = self.plan.filter(pl.col("ok"))
        unchanged = ok.filter(~pl.col("create_worker") & ~pl.col("create_membership")).height
        return {
            "total_rows": self.plan.height,
            "valid_rows": ok.height,
            "error_rows": len(errors),
            "warning_rows": len(warned),
            "unchanged_rows": unchanged,
        }

    def info_rows(self) -> int:
        """Rows whose issues are all information: with the error and warning rows, each row is counted once."""
        return len(self._rows("info") - self._rows("error") - self._rows("warning"))

    def _rows(self, severity: str) -> set[int]:
        if self.issues.is_empty():
            return set()
        return set(self.issues.filter(pl.col("severity") == severity)["row"].to_list())


def severity(code: str) -> str:
    """``error``, ``warning`` or ``info`` (``INFO_CODES``), as ``IssueSeverity`` stores them."""
    return "info" if code in INFO_CODES else "warning" if code in WARNING_CODES else "error"


def file_issue(code: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "params": params or {}, "severity": severity(code)}


def _rejected(issues: list[dict[str, Any]]) -> Validation:
    return Validation(pl.DataFrame(), pl.DataFrame(schema={**ISSUE_SCHEMA, "severity": pl.String}), issues)


def _header_issues(
    headers: list[str], columns: tuple[Column, ...], optional: frozenset[str]
) -> tuple[dict[str, str], list[dict[str, Any]]]:
    match = match_headers(headers, columns, optional=optional)
    issues = [file_issue("header_missing", {"column": c.header}) for c in match.missing]
    if match.missing:
        expected = ", ".join(c.header for c in columns if c.required and c.key not in optional)
        issues.insert(0, file_issue("header_not_found", {"limit": reader.HEADER_SEARCH_ROWS, "expected": expected}))
    issues += [file_issue("header_duplicate", {"header": h, "column": c}) for h, c in match.duplicated]
    all_headers = ", ".join(c.header for c in columns)
    issues += [file_issue("header_unknown", {"header": h, "near": near or all_headers}) for h, near in match.unknown]
    return match.mapping, issues


def validate_file(data: bytes, file_name: str, ctx: ImportContext) -> Validation:
    """Read, check and plan one uploaded file."""
    columns = COLUMNS[ctx.kind]
    optional = frozenset({"npp"}) if ctx.employer is not None else frozenset()
    try:
        raw = reader.read_upload(data, file_name, header_fit=lambda cells: header_fit(cells, columns, optional))
    except FileRejected as exc:
        return _rejected([file_issue(exc.code, exc.params)])
    titled = [h for h in raw.headers if h not in raw.untitled]
    mapping, issues = _header_issues(titled, columns, optional)
    issues += [
        file_issue("header_blank", {"column": column_letter(position), "position": position})
        for position in raw.untitled.values()
    ]
    issues = [file_issue(code, params) for code, params in raw.warnings] + issues
    if any(i["severity"] == "error" for i in issues):
        return _rejected(issues)
    present = {key: header for header, key in mapping.items()}
    frame = raw.frame.select(
        ROW,
        *[
            pl.col(present[c.key]).alias(c.key) if c.key in present else pl.lit(None, pl.String).alias(c.key)
            for c in columns
        ],
    )
    frame, totals = without_totals(raw.frame, frame)
    issues += [file_issue(code, params) for code, params in totals]
    if frame.is_empty():
        return _rejected([*issues, file_issue("no_rows")])
    frame = _numeric_nik(frame, data, raw, present.get("nik"))
    labels = {c.key: present.get(c.key, c.header) for c in columns}
    plan, issue_frame = checks.run(frame, ctx, labels)
    return Validation(plan, issue_frame.with_columns(_severity()), issues)


def _numeric_nik(frame: pl.DataFrame, data: bytes, raw: reader.RawTable, header: str | None) -> pl.DataFrame:
    """Flag NIK cells Excel stored as numbers: the whole column when it is numeric, cell by cell when mixed."""
    if raw.file_format != "xlsx" or header is None or (header not in raw.numeric_columns and not raw.mixed):
        return frame.with_columns(pl.lit(False).alias("nik_numeric"))
    if header in raw.numeric_columns:
        return frame.with_columns(pl.col("nik").is_not_null().alias("nik_numeric"))
    numeric = reader.numeric_cells(data, raw.positions[header], raw.header_row)
    joined = frame.join(numeric, on=ROW, how="left", maintain_order="left")
    return joined.with_columns(pl.col("numeric").fill_null(False).alias("nik_numeric")).drop("numeric")


def _severity() -> pl.Expr:
    return (
        pl.when(pl.col("code").is_in(list(INFO_CODES)))
        .then(pl.lit("info"))
        .when(pl.col("code").is_in(list(WARNING_CODES)))
        .then(pl.lit("warning"))
        .otherwise(pl.lit("error"))
        .alias("severity")
    )


def kind_label(kind: str) -> str:
    return str(ImportKind(kind).label)
