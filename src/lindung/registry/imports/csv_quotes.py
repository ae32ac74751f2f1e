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

from lindung.registry.imports.rejected import FileRejected

_QUOTES = re.compile(b'"')
_QUOTE, _NEWLINE, _RETURN = ord('"'), ord("\n"), ord("\r")


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
    units = np.frombuffer(body, dtype=np.uint8)
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
