"""Totals rows ("Jumlah", "Total", "Grand total") in a worker list, and the lines under the last one: named in a
warning, not imported.

Employers' lists often end with a row adding up the wages, its label in the first column or the name column,
and under it the place, date and signature. Read as workers they would be refused for their missing NIK and
birth date, and the whole list with them. A row is a totals row when one of its cells starts with such a word
and it holds no NIK and no birth date, so a worker with a NIK is never taken for one, whatever their name. The
rows under the last totals row are the list's foot when none of them holds a NIK or a birth date either.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from lindung.registry.imports.reader import ROW

#: A totals label at the start of a cell, in any case: "Jumlah", "TOTAL", "Total upah", "Sub total", "Grand Total".
LABEL = r"(?i)^((?:sub\s*|grand\s+)?total|jumlah)\b"
#: Rows listed in a warning; more are shown as "…".
MAX_ROWS_LISTED = 10


def _rows_text(rows: list[int]) -> str:
    return ", ".join(str(r) for r in rows[:MAX_ROWS_LISTED]) + (" …" if len(rows) > MAX_ROWS_LISTED else "")


def _marked(raw: pl.DataFrame, frame: pl.DataFrame) -> pl.DataFrame:
    """ROW and totals label (or null) of the rows holding no NIK and no birth date: only those are read for a
    label (in a list of workers, few or none)."""
    no_nik = pl.col("nik").is_null() | (pl.col("nik").str.count_matches(r"\d") < 16)
    candidates = raw.filter(frame.select(no_nik & pl.col("birth_date").is_null()).to_series())
    cells = [c for c in raw.columns if c != ROW]
    label = pl.coalesce(pl.col(c).str.extract(LABEL, 1) for c in cells) if cells else pl.lit(None, pl.String)
    return candidates.select(ROW, label.alias("label"))


def without_totals(raw: pl.DataFrame, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[str, dict[str, Any]]]]:
    """The rows of ``frame`` that are neither totals rows nor the foot under them, and the warnings naming those.

    ``raw`` holds the file's columns, ``frame`` the template's, row for row.
    """
    marked = _marked(raw, frame)
    totals = marked.filter(pl.col("label").is_not_null())
    if totals.is_empty():
        return frame, []
    last = totals[ROW].max()
    below = marked.filter(pl.col(ROW) > last)[ROW].to_list()
    foot = below if len(below) == frame.filter(pl.col(ROW) > last).height else []  # none below holds a person
    warnings: list[tuple[str, dict[str, Any]]] = [
        ("totals_row", {"rows": _rows_text(totals[ROW].to_list()), "label": totals["label"][0]})
    ]
    if foot:
        warnings.append(("footer_rows", {"rows": _rows_text(foot)}))
    return frame.filter(~pl.col(ROW).is_in([*totals[ROW].to_list(), *foot])), warnings
