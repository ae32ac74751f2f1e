"""The head of an uploaded CSV: its one separator, its first rows as Excel shows them, and its header row.

Excel splits every line of a CSV with one separator: the one a first line ``sep=;`` declares, else the list
separator of the user's Windows (a comma, or a semicolon where the comma is the decimal mark, as in Indonesia).
Export tools that write for Excel put that line first (``sep=;``, ``sep=,``, ``sep=`` and a tab), and Excel does
not show it: the rows under it are numbered from 1, and so they are here. Without a declaration the separator is
the one used most in the file's first 64 KB: the header's and the data rows' outnumber a title's, and a title or
a header cell holding commas ("Tanggal lahir (dd, mm, yyyy)") no longer decides how the data rows are split.

A header that the file's separator does not split, and another separator does, is the header of another
file pasted over this one, or the comma template opened in an Excel whose list separator is the semicolon (every
title in cell A1, the data typed in the columns under it). Excel itself shows those titles in one cell, and
matching them to the columns by position would import values under titles the user never saw over them: the
file is refused (``csv_header_separator``), naming the row. When the rows under it are split by that other
separator too, a title block above outnumbered them in the count, and the file is read with theirs.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lindung.registry.imports.csv_quotes import SEPARATORS, file_separator, row_ends
from lindung.registry.imports.header import HEADER_SEARCH_ROWS, Header, HeaderFit, find_header, locate_header
from lindung.registry.imports.rejected import FileRejected

HEAD_BYTES = 1 << 16
_DIRECTIVE = tuple(ord(c) for c in "sep=")
_BOM, _RETURN, _NEWLINE = 0xFEFF, ord("\r"), ord("\n")


@dataclass(frozen=True)
class Head:
    text: bytes  # the file from its first shown row on: a ``sep=`` line is not one
    separator: str
    lines: list[str]  # the first ``HEADER_SEARCH_ROWS`` rows
    offsets: list[int]  # the byte offset in ``text`` of each
    header: Header

    @property
    def body(self) -> bytes:
        """The text from the header row on (the rows above it are titles)."""
        return self.text[self.offsets[self.header.row] :] if self.header.row else self.text

    @property
    def fields(self) -> int:
        """The cells of the header row."""
        return len(_split(self.lines[self.header.row], self.separator)) if self.lines else 0


def declared_separator(units: npt.NDArray[np.integer]) -> tuple[int | None, int]:
    """The separator a first line ``sep=X`` declares (any case; X a tab or a punctuation mark, not a quote), and
    where the next line starts; ``(None, 0)`` without one. ``units`` are bytes or UTF-16 code units."""
    start = 1 if units.size and units[0] == _BOM else 0
    head = [int(u) for u in units[start : start + 5]]
    if len(head) < 5 or [u | 0x20 for u in head[:3]] + head[3:4] != list(_DIRECTIVE):
        return None, 0
    char, end = head[4], start + 5
    if not (char == ord("\t") or (0x21 <= char < 0x7F and not chr(char).isalnum() and char != ord('"'))):
        return None, 0
    end += 1 if end < units.size and units[end] == _RETURN else 0
    if end < units.size and units[end] != _NEWLINE:
        return None, 0  # more text on the line: a title that starts so
    return char, min(end + 1, int(units.size))


def most_used(units: npt.NDArray[np.integer]) -> int:
    """The separator used most in the first 64 KB (``file_separator``); refused when none is."""
    separator = file_separator(units)
    if not np.count_nonzero(units[:HEAD_BYTES] == separator):
        raise FileRejected("csv_delimiter")
    return separator


def read_head(text: bytes, header_fit: HeaderFit | None) -> Head:
    """The separator, the first rows and the header of ``text`` (UTF-8)."""
    declared, start = declared_separator(np.frombuffer(text[:16], dtype=np.uint8))
    text = text[start:]
    if start and not text.strip():
        raise FileRejected("file_empty")  # the declaration and nothing else
    separator = chr(declared) if declared is not None else chr(most_used(np.frombuffer(text, dtype=np.uint8)))
    head = read_head_with(text, separator, header_fit)
    if header_fit is None or not head.lines:
        return head
    if _complete(head, header_fit):
        data = _rows_split_otherwise(head)
        if data is not None:  # a header and one data row split otherwise: a tie in the count
            raise FileRejected("csv_header_separator", row=head.header.row + 1, header=separator, body=data)
        return head
    other = _header_elsewhere(head.lines, separator, header_fit)
    if other is None:
        return head
    row, split_by = other
    under = _under(head, row)
    if declared is None and under.count(split_by.encode()) > under.count(separator.encode()):
        return read_head_with(text, split_by, header_fit)  # a title block outnumbered the rows
    if under.count(separator.encode()):
        raise FileRejected("csv_header_separator", row=row + 1, header=split_by, body=separator)
    return head


def read_head_with(text: bytes, separator: str, header_fit: HeaderFit | None) -> Head:
    lines, offsets = _top_lines(text, separator)
    return Head(text, separator, lines, offsets, _header(lines, separator, header_fit))


def _top_lines(text: bytes, separator: str) -> tuple[list[str], list[int]]:
    """The first ``HEADER_SEARCH_ROWS`` records and the byte offset of each.

    A record is a spreadsheet row, the head read as Excel reads it with the file's separator (``row_ends``): a
    quoted title typed on two lines (Alt+Enter) is one row; a quote inside a title (``Daftar "Pekerja``) is text,
    and so is an opening quote typed by hand that no quote closes, or only one in the rows under it: the title never
    swallows the header.
    """
    head = text[:HEAD_BYTES]
    ends = row_ends(np.frombuffer(head, dtype=np.uint8), ord(separator))[:HEADER_SEARCH_ROWS].tolist()
    starts = [0, *(end + 1 for end in ends)]
    lines = [
        head[start:end].rstrip(b"\r").decode("utf-8", errors="replace")
        for start, end in zip(starts[: len(ends)], ends, strict=True)
    ]
    if len(lines) < HEADER_SEARCH_ROWS and starts[-1] < len(head):
        lines.append(head[starts[-1] :].rstrip(b"\r").decode("utf-8", errors="replace"))
    return lines, starts[: len(lines)]


def _split(line: str, separator: str) -> list[str]:
    return next(csv.reader([line], delimiter=separator), [])


def _header(lines: list[str], separator: str, header_fit: HeaderFit | None) -> Header:
    """The header among the first rows, each split by the file's separator (a title is one cell)."""
    if header_fit is None:  # the first row that is not blank
        return Header(next((i for i, line in enumerate(lines) if line.strip()), 0))
    if not lines:
        return Header(0)
    rows = [_split(line, separator) for line in lines]
    found = locate_header(rows, header_fit)
    if len(rows[found.row]) < 2:  # no header recognised: the first row with columns
        return Header(next((i for i, cells in enumerate(rows) if len(cells) > 1), 0))
    return found


def _filled(cells: list[str]) -> list[str]:
    return [c.strip() for c in cells if c.strip()]


def _complete(head: Head, header_fit: HeaderFit) -> bool:
    header = head.header
    titles = list(header.titles.values()) if header.titles else _filled(_split(head.lines[header.row], head.separator))
    return header_fit(titles)[0]


def _under(head: Head, row: int) -> bytes:
    """Up to 64 KB of the text under the first rows' ``row``."""
    start = head.offsets[row + 1] if row + 1 < len(head.offsets) else len(head.text)
    return head.text[start : start + HEAD_BYTES]


def _rows_split_otherwise(head: Head) -> str | None:
    """The separator of the rows under a complete header when none of them holds the header's: the first one holds
    at least half a row's worth of it (a place and date under the header, "Medan, 31 Januari", is not a row)."""
    under = _under(head, head.header.row)
    if under.count(head.separator.encode()):
        return None
    first = next((line for line in under.decode("utf-8", errors="replace").splitlines() if line.strip()), "")
    data = max(SEPARATORS, key=first.count)
    return data if first.count(data) >= max(2, (head.fields - 1) / 2) else None


def _header_elsewhere(lines: list[str], separator: str, header_fit: HeaderFit) -> tuple[int, str] | None:
    """The row and the separator of a complete header split by another separator than the file's, if any."""
    for other in (s for s in SEPARATORS if s != separator):
        rows = [_split(line, other) for line in lines]
        row = find_header(rows, header_fit)
        if header_fit(_filled(rows[row]))[0]:
            return row, other
    return None
