"""Quotes in a hand-made CSV: read where Excel reads them, refused where they would merge rows.

Excel (and Python's ``csv`` module, whose dialect is named after it) opens a quoted cell only with a quote at the
very start of a cell; a quote anywhere else is part of the text (``PT "Maju``, ``Jl. Sisingamangaraja No. 5"``).
Polars' reader refuses such a file outright, or, when a later quote happens to close what it took for a quoted
cell, reads the lines between as one cell and the workers on them silently vanish into it. So the body is scanned
first, quote by quote (a file without quotes costs one search):

- a quote inside a cell is kept as text: that cell is rewritten in standard quoting for Polars, and the rows
  holding one are named in a warning;
- a quoted cell ends with a quote followed by the separator or the end of the line; one followed by other text
  (``"PT" Maju``), or never closed, is refused, naming the row where its quote opened;
- a quoted cell may hold a line break (Alt+Enter in Excel: an address on two lines); one whose text holds as
  many separators as a whole row, or whose row gets more cells than the header, swallowed other rows (an opening
  quote typed by hand that a later quote closed) and is refused the same way.

Rows are the rows a spreadsheet shows: a line break inside a quoted cell does not start a row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from lindung.registry.imports.rejected import FileRejected

_QUOTES = re.compile(b'"')
_QUOTE, _NEWLINE, _RETURN = ord('"'), ord("\n"), ord("\r")
#: The separators a CSV may use, in order of preference on a tie (the reader's too).
SEPARATORS = (",", ";", "\t", "|")


#: Rows listed in the warning; more are shown as "…" (as for totals rows).
MAX_ROWS_LISTED = 10


def rows_text(rows: list[int]) -> str:
    return ", ".join(str(r) for r in rows[:MAX_ROWS_LISTED]) + (" …" if len(rows) > MAX_ROWS_LISTED else "")


@dataclass
class Quoting:
    """The body as Polars can read it, and the rows where a quote inside a cell was kept as text."""

    body: bytes
    stray_rows: list[int] = field(default_factory=list)


@dataclass
class _Scan:
    body: bytes
    separator: int
    first_row: int  # the spreadsheet row of the body's first line
    strays: list[int] = field(default_factory=list)  # positions of quotes inside unquoted cells
    #: (position, line breaks) of each quoted cell holding line breaks: they do not start a spreadsheet row.
    multiline: list[tuple[int, int]] = field(default_factory=list)

    def row(self, position: int) -> int:
        return self.rows([position])[0]

    def rows(self, positions: list[int]) -> list[int]:
        """The spreadsheet rows of byte ``positions``, all at once (one pass over the body, not one per quote)."""
        lines = np.flatnonzero(np.frombuffer(self.body, dtype=np.uint8) == _NEWLINE)
        breaks = np.searchsorted(lines, positions)  # line breaks before each position
        if self.multiline:  # less those inside quoted cells opened before it (kept in the order found)
            opened = np.array([at for at, _n in self.multiline])
            inside = np.concatenate([[0], np.cumsum([n for _at, n in self.multiline])])
            breaks = breaks - inside[np.searchsorted(opened, positions)]
        return [self.first_row + int(b) for b in breaks]

    def refuse(self, opened: int) -> FileRejected:
        return FileRejected("csv_quote_unbalanced", row=self.row(opened))


def read_as_excel(body: bytes, separator: str, first_row: int, fields: int) -> Quoting:
    """``body`` (from the header line on, ``fields`` cells in the header) with its quotes made standard.

    Raises ``FileRejected`` for a quote that would merge rows (see the module docstring).
    """
    if _standard(body, ord(separator)):
        return Quoting(body)
    scan = _Scan(body, ord(separator), first_row)
    quotes = [m.start() for m in _QUOTES.finditer(body)]
    index, opened = 0, -1
    while index < len(quotes):
        at = quotes[index]
        index += 1
        if opened < 0:
            if at == 0 or body[at - 1] in (scan.separator, _NEWLINE, _RETURN):
                opened = at
            else:
                scan.strays.append(at)
            continue
        after = body[at + 1] if at + 1 < len(body) else _NEWLINE
        if after == _QUOTE:  # "" inside a quoted cell: one quote of its text
            index += 1
            continue
        if after not in (scan.separator, _NEWLINE, _RETURN):
            raise scan.refuse(opened)
        _check_line_breaks(scan, opened, at, separator, fields)
        opened = -1
    if opened >= 0:
        raise scan.refuse(opened)
    if not scan.strays:
        return Quoting(body)
    return Quoting(_requoted(body, scan), sorted(set(scan.rows(scan.strays))))


def _standard(body: bytes, separator: int) -> bool:
    """Whether every quote opens a cell or closes it on the same line, as a program writes them (no quote inside
    a cell, no line break in one): then Polars reads the body as it is. On arrays: a program may quote every cell.
    """
    return _standard_units(np.frombuffer(body, dtype=np.uint8), separator)


def _standard_units(units: npt.NDArray[np.integer], separator: int) -> bool:
    quotes = np.flatnonzero(units == _QUOTE)
    if quotes.size % 2:
        return False
    if not quotes.size:
        return True
    opening, closing = quotes[0::2], quotes[1::2]
    before = units[np.maximum(opening - 1, 0)]
    after = units[np.minimum(closing + 1, units.size - 1)]
    opens = (before == separator) | (before == _NEWLINE) | (before == _RETURN) | (opening == 0)
    closes = (after == separator) | (after == _NEWLINE) | (after == _RETURN) | (closing == units.size - 1)
    # Paired so, a line break lies inside a quoted cell when an odd number of quotes comes before it.
    inside = np.searchsorted(quotes, np.flatnonzero(units == _NEWLINE)) % 2 == 1
    return bool(opens.all() and closes.all() and not inside.any())


def _check_line_breaks(scan: _Scan, opened: int, closed: int, separator: str, fields: int) -> None:
    """Refuse a quoted cell holding line breaks that holds other rows rather than a line of text."""
    breaks = scan.body.count(b"\n", opened, closed)
    if not breaks:
        return
    if scan.body.count(scan.separator, opened, closed) >= max(fields - 1, 2):
        raise scan.refuse(opened)
    start = scan.body.rfind(b"\n", 0, opened) + 1
    end = scan.body.find(b"\n", closed)
    record = scan.body[start : end if end >= 0 else len(scan.body)].decode("utf-8", errors="replace")
    if len(next(csv.reader(io.StringIO(record, newline=""), delimiter=separator), [])) > fields:
        raise scan.refuse(opened)
    scan.multiline.append((opened, breaks))


def _requoted(body: bytes, scan: _Scan) -> bytes:
    """``body`` with each cell holding a stray quote in standard quoting ("PT ""Maju"), as Polars reads it."""
    cells: set[tuple[int, int]] = set()
    for at in scan.strays:
        start = max(body.rfind(bytes([scan.separator]), 0, at), body.rfind(b"\n", 0, at)) + 1
        line_end = body.find(b"\n", at)
        line_end = len(body) if line_end < 0 else line_end - (body[line_end - 1] == _RETURN)
        next_cell = body.find(bytes([scan.separator]), at)
        end = line_end if next_cell < 0 else min(next_cell, line_end)
        cells.add((start, end))
    parts: list[bytes] = []
    previous = 0
    for start, end in sorted(cells):
        parts += [body[previous:start], b'"', body[start:end].replace(b'"', b'""'), b'"']
        previous = end
    return b"".join([*parts, body[previous:]])


Units = npt.NDArray[np.integer]  # the text as bytes (UTF-8, a legacy code page) or UTF-16 code units


def file_separator(units: Units) -> int:
    """The separator used most in the first 64 KB: the header and data rows outnumber a title's commas."""
    head = units[: 1 << 16]
    return ord(max(SEPARATORS, key=lambda s: int(np.count_nonzero(head == ord(s)))))


def row_ends(units: Units, separator: int) -> npt.NDArray[np.int64]:
    """The positions of the line breaks that end a spreadsheet row, the text read as Excel reads it.

    A quote opens a quoted cell only at the start of a cell (after ``separator`` or a line break); anywhere else it
    is text (``PT "Maju``), and a line break counts wherever the quotes before it leave it. A line break inside a
    quoted cell (Alt+Enter) does not end the row, unless that cell cannot be one (``_multiline_cells``).
    """
    lines = np.flatnonzero(units == _NEWLINE)
    cells = [] if _standard_units(units, separator) else _multiline_cells(units, separator, lines)
    if not cells:
        return lines
    opened = np.array([at for at, _closed in cells])
    closed = np.array([closed for _at, closed in cells])
    last = np.searchsorted(opened, lines, side="right") - 1  # the last such cell opened before each line break
    inside = (last >= 0) & (lines < closed[np.maximum(last, 0)])
    return lines[~inside]


def _multiline_cells(units: Units, separator: int, lines: npt.NDArray[np.int64]) -> list[tuple[int, int]]:
    """(opening, closing) quote of each quoted cell holding a line break, in order.

    A quote at the start of a cell opens one only when a quote closes it (followed by the separator, a line break or
    the end of the text; ``""`` inside is a quote of its text) and, when it spans lines, its text holds fewer
    separators than a row (``_row_worth``): else it is an opening quote typed by hand, which would swallow the rows
    (a header among them) up to the next quote, and it is read as text. The body's own check
    (``read_as_excel``) then refuses such a cell under the header; above it, in the title, it is only text.
    """
    quotes = np.flatnonzero(units == _QUOTE)
    size = int(units.size)
    ends = (separator, _NEWLINE, _RETURN)
    before = units[np.maximum(quotes - 1, 0)]
    opens = ((quotes == 0) | np.isin(before, ends)).tolist()
    after = np.where(quotes + 1 < size, units[np.minimum(quotes + 1, size - 1)], _NEWLINE)
    closes = np.isin(after, ends).tolist()
    doubled = [*(np.diff(quotes) == 1).tolist(), False]  # a quote right before the next one: "" inside a cell
    lines_before = np.searchsorted(lines, quotes).tolist()  # line breaks before each quote
    at = quotes.tolist()
    worth = _row_worth(units, separator, lines)
    cells: list[tuple[int, int]] = []
    index = 0
    while index < len(at):  # on lists, not arrays: a program quoting every cell writes millions of quotes
        if not opens[index]:
            index += 1
            continue
        end = index + 1
        while end < len(at) and doubled[end]:
            end += 2
        if end >= len(at) or not closes[end]:  # never closed, or closed before other text: a quote of the text
            index += 1
            continue
        if lines_before[end] > lines_before[index]:
            if np.count_nonzero(units[at[index] : at[end]] == separator) >= worth:
                index += 1  # rows swallowed: the opening quote is text
                continue
            cells.append((at[index], at[end]))
        index = end + 1
    return cells


def _row_worth(units: Units, separator: int, lines: npt.NDArray[np.int64]) -> int:
    """The separators of a row: the count most lines among the first 50 hold (the header's and its data's; on a tie
    the larger), at least 2 (as ``read_as_excel`` counts a header's ``fields``)."""
    bounds = np.concatenate([[0], lines[:50] + 1, [] if lines.size > 50 else [units.size]]).astype(np.int64)
    separators = np.flatnonzero(units[: int(bounds[-1])] == separator)
    counts = np.diff(np.searchsorted(separators, bounds))
    counts = counts[counts > 0]
    if not counts.size:
        return 2
    frequency = np.bincount(counts)
    return max(int(np.flatnonzero(frequency == frequency.max())[-1]), 2)  # on a tie, the larger count
