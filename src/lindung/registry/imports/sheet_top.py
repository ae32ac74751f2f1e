"""The top rows of a workbook's first sheet, read from the start of its XML without loading the sheet.

Finding the header row under a title needs only the first few rows, but fastexcel (calamine) parses the whole
sheet on every read, with or without ``n_rows``. Streaming the sheet's XML up to the last row wanted, and the
shared-string table up to the last string those rows use, lets the import read the sheet once, from the header
row it found.

The standard parser is safe here: expat 2.4.1 and later bound entity expansion (billion laughs, quadratic
blowup), ElementTree fetches no external entity, and ``reader.check_zip`` has bounded the unpacked size first.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

_COLUMN = re.compile(r"[A-Z]+")
_MAX_COLUMNS = 16_384  # Excel's last column, XFD
# Shared-string entries and their parts, with or without a namespace prefix ("<si>", "<x:si>").
_ENTRY = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")
_ENTRY_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?si\s*>")
_PHONETIC = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?rPh[\s>].*?</(?:[A-Za-z_][\w.-]*:)?rPh\s*>", re.DOTALL)
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # a control character as OOXML writes it (_x000D_)
_TEXT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?t(?:\s[^>]*)?>(.*?)</(?:[A-Za-z_][\w.-]*:)?t\s*>", re.DOTALL)


@dataclass
class SheetTop:
    """The sheet's first ``len(rows)`` rows, blank ones included (a row index is the sheet's row number - 1)."""

    rows: list[list[str | None]]
    #: 0-based index of the first row holding a value, wherever it is (fastexcel's ``header_row=0``); 0 when none.
    first_filled: int


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_sheet_path(archive: zipfile.ZipFile) -> str | None:
    """The zip path of the workbook's first sheet (the one fastexcel reads as sheet 0)."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314 (see the module docstring)
    sheet = next((e for e in book.iter() if _local(e.tag) == "sheet"), None)
    rel_id = next((v for k, v in (sheet.attrib.items() if sheet is not None else []) if _local(k) == "id"), None)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    target = next((e.get("Target") for e in rels.iter() if e.get("Id") == rel_id), None)
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _column(ref: str | None, previous: int) -> int:
    """The 0-based column of a cell reference ("C7" is 2), or the next column when the cell has none."""
    letters = _COLUMN.match(ref or "")
    if not letters:
        return previous + 1
    number = 0
    for letter in letters.group()[:4]:
        number = number * 26 + ord(letter) - 64
    if number > _MAX_COLUMNS or len(letters.group()) > 3:
        raise ValueError(ref)  # not a cell of a real sheet: the workbook is read without the top-row search
    return number - 1


def _cell(cell: ElementTree.Element) -> tuple[str | None, str, bool]:
    """(text or shared-string index, type, is a shared string) of one ``<c>`` element."""
    kind = cell.get("t", "n")
    for child in cell:
        name = _local(child.tag)
        if name == "is":  # an inline string: its text runs
            return "".join(t.text or "" for t in child.iter() if _local(t.tag) == "t"), kind, False
        if name == "v":
            return child.text or "", kind, kind == "s"
    return None, kind, False


def _rows(sheet: IO[bytes]) -> Iterator[tuple[int, list[tuple[int, str | None, bool]]]]:
    """(0-based row index, [(column, text or shared index, is shared)]) of each ``<row>``, from the top."""
    index = -1
    for _event, element in ElementTree.iterparse(sheet, events=("end",)):  # noqa: S314
        if _local(element.tag) != "row":
            continue
        number = element.get("r")
        index = int(number) - 1 if number else index + 1
        cells, column = [], -1
        for cell in element:
            if _local(cell.tag) == "c":
                column = _column(cell.get("r"), column)
                text, _kind, shared = _cell(cell)
                cells.append((column, text, shared))
        yield index, cells
        element.clear()


def _shared_strings(archive: zipfile.ZipFile, wanted: set[int]) -> dict[int, str]:
    """The shared strings of the indexes in ``wanted``, scanning the table only as far as the last of them.

    The table lists every distinct text of the workbook (200,000 entries for 100,000 rows of names and NIKs),
    and a title typed in last is at its end: entries are located by a pattern (about 0.1 s for such a table,
    against 1 s for an XML parse of each), and only the wanted ones are decoded.
    """
    if not wanted or "xl/sharedStrings.xml" not in archive.namelist():
        return {}
    table = archive.read("xl/sharedStrings.xml")
    found: dict[int, str] = {}
    last = max(wanted)
    for index, start in enumerate(_ENTRY.finditer(table)):
        if index in wanted and table[start.end() - 1 : start.end()] == b"/":
            found[index] = ""  # <si/>
        elif index in wanted:
            end = _ENTRY_END.search(table, start.end())
            entry = table[start.start() : end.end() if end else len(table)].decode("utf-8", errors="replace")
            # Plain text, or rich-text runs; a phonetic hint (rPh) is not part of the value.
            runs = _TEXT.findall(_PHONETIC.sub("", entry))
            found[index] = _ESCAPE.sub(lambda m: chr(int(m[1], 16)), html.unescape("".join(runs)))
        if index >= last:
            break
    return found


def sheet_top(data: bytes, count: int) -> SheetTop | None:
    """The first ``count`` rows of the first sheet as text (None for an empty cell), or None when unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            path = _first_sheet_path(archive)
            if path is None:
                return None
            with archive.open(path) as sheet:
                raw, first_filled = _top(sheet, count)
            wanted = {int(text) for cells in raw.values() for _c, text, shared in cells if shared and text}
            strings = _shared_strings(archive, wanted)
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    rows: list[list[str | None]] = []
    for index in range(count):
        cells = raw.get(index, [])
        row: list[str | None] = [None] * (max((c for c, _t, _s in cells), default=-1) + 1)
        for column, text, shared in cells:
            row[column] = strings.get(int(text)) if shared and text else text
        rows.append(row)
    return SheetTop(rows, first_filled)


def _top(sheet: IO[bytes], count: int) -> tuple[dict[int, list[tuple[int, str | None, bool]]], int]:
    """The cells of the rows before ``count``, and the first row holding a value (read further if need be).

    A cell holds a value when it has one (``<v>`` or an inline string): formatted cells without a value, as in
    a coloured blank row, do not. The first such row is fastexcel's ``header_row=0``.
    """
    raw: dict[int, list[tuple[int, str | None, bool]]] = {}
    first_filled = None
    for index, cells in _rows(sheet):
        if index < count:
            raw[index] = cells
        if first_filled is None and any(text is not None for _c, text, _s in cells):
            first_filled = index
        if index >= count - 1 and first_filled is not None:
            break
    return raw, first_filled or 0
