"""Worker-list workbooks laid out as people make them (a title above the header, blank rows), built with openpyxl."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import openpyxl
from openpyxl.styles import PatternFill

YELLOW = PatternFill("solid", fgColor="FFFF00")


def openpyxl_book(
    rows: Sequence[Sequence[Any] | None],
    *,
    merge_title_across: int = 0,
    fill_blank_rows: int = 0,
    merges: Sequence[str] = (),
    first_column: int = 1,
) -> bytes:
    """The rows from row 1 of the first sheet; a ``None`` row and ``""`` cells are left without a cell.

    ``merge_title_across``: merge row 1 over that many columns (a title). ``fill_blank_rows``: colour that many
    cells of each blank row, as Excel keeps formatted cells with no value. ``merges``: ranges to merge ("C1:D1").
    ``first_column``: the column each row starts in (1 = A).
    """
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for r, values in enumerate(rows, start=1):
        for c in range(1, fill_blank_rows + 1 if values is None else 1):
            sheet.cell(r, c).fill = YELLOW
        for c, value in enumerate(values or [], start=first_column):
            if value != "":
                sheet.cell(r, c, value)
    if merge_title_across:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=merge_title_across)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
