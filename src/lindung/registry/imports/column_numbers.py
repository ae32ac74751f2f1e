"""The row of column numbers many Indonesian forms put under the header: "(1)", "(2)", "(3)" … or "1", "2", "3".

Government forms number their columns so that a letter can refer to "kolom (5)", and employers copy the layout.
Read as a worker, that row would fail every check and the list with it, so it is skipped and named in a warning.
It must never be a worker, so the rule is strict: the row right under the header (under both rows of a two-row
header), every filled cell a column number in one of the forms below and equal to the column's place counted
from the list's first column, at least ``MIN_NUMBERED`` of them, and at most one blank cell in four (a number left
out of a merged or unused column). A worker's row has a NIK of sixteen digits and a name: it never qualifies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import polars as pl

#: "1", "(1)", "1)", "[1]": the forms seen on forms; up to three digits (a list of more columns is not a worker list).
_NUMBER = re.compile(r"^(?:(\d{1,3})|\((\d{1,3})\)|(\d{1,3})\)|\[(\d{1,3})\])$")
#: The fewest numbered cells: "1" and "2" alone could be a row of a list whose other cells are empty.
MIN_NUMBERED = 3


def column_number(text: str) -> int | None:
    """The number of a cell written as a column number ("(4)" is 4), else None."""
    found = _NUMBER.match(text.strip())
    return int(next(g for g in found.groups() if g is not None)) if found else None


def is_column_number_row(cells: Sequence[str | None], columns: Sequence[int]) -> bool:
    """Whether ``cells`` (in the sheet columns ``columns``, 1-based) number their columns from the list's first."""
    if not columns:
        return False
    first = min(columns)
    numbered = blank = 0
    for text, column in zip(cells, columns, strict=True):
        if text is None or not text.strip():
            blank += 1
        elif column_number(text) == column - first + 1:
            numbered += 1
        else:
            return False
    return numbered >= MIN_NUMBERED and blank * 4 <= len(cells)


def column_number_row(
    frame: pl.DataFrame, row: str, positions: dict[str, int], first_row: int, untitled: Callable[[str], bool]
) -> int | None:
    """The sheet row of ``frame``'s column-number row, when its first row is one and lies on ``first_row`` (right
    under the header); else None.

    ``row`` names the column of sheet row numbers, ``positions`` the sheet column of each other column. A column
    without a title counts only when the row has a number in it: a blank one is outside the list.
    """
    if frame.is_empty() or frame[row][0] != first_row:
        return None
    names = [c for c in frame.columns if c != row]
    cells = [
        (text, positions.get(n, i + 1))
        for i, (n, text) in enumerate(zip(names, frame.select(names).row(0), strict=True))
    ]
    kept = [
        (text, column) for (text, column), n in zip(cells, names, strict=True) if text is not None or not untitled(n)
    ]
    numbered = is_column_number_row([t for t, _c in kept], [c for _t, c in kept])
    return first_row if numbered else None
