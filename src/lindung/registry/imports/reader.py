"""Read an uploaded XLSX or CSV into a table of text cells, refusing unsafe or unreadable files first.

Every cell is read as text so nothing is guessed (a NIK must never pass through a float); types are parsed
afterwards, on whole columns. Before an XLSX is opened its zip directory is checked: a zip bomb, an encrypted
(password) workbook or an old .xls is refused with its own message. A CSV may come in UTF-8 (with or without
BOM), UTF-16 (with or without BOM), Windows-1252 or a DOS code page (``imports.encoding``), separated by comma,
semicolon, tab or bar (one for the whole file, as Excel reads it: ``imports.csv_head``); a file in none of those
encodings, or in doubt between two, is refused rather than read into garbled names.

The header row need not be the first: a list often starts with a title ("Daftar Pekerja PT X", merged across
the columns) and a blank line. Given a way to recognise the header (``header_fit``), the reader looks for it
in the first ``HEADER_SEARCH_ROWS`` rows, on one row or two (``imports.header``), and numbers the data rows as
the spreadsheet does. Each column keeps its sheet column (``RawTable.positions``: a list may start in column B).

Row numbers are the ones the user sees: the Excel row, or the row a spreadsheet shows for a CSV record (a quoted
cell may hold a line break), counting blank rows and titles above the header. Both libraries skip leading blank
rows on their own (fastexcel's ``header_row=0`` is the first non-blank row, polars skips blank lines before the
header), so the header row is always located first, by its position in the file, and read from there.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import fastexcel
import polars as pl
from django.conf import settings

from lindung.registry.imports.column_numbers import column_number_row
from lindung.registry.imports.csv_head import read_head
from lindung.registry.imports.csv_quotes import read_as_excel, rows_text
from lindung.registry.imports.encoding import decode
from lindung.registry.imports.header import HEADER_SEARCH_ROWS as HEADER_SEARCH_ROWS  # re-exported
from lindung.registry.imports.header import Header, HeaderFit, locate_header, retitle
from lindung.registry.imports.rejected import FileRejected as FileRejected  # the reader's refusal, re-exported
from lindung.registry.imports.sheet_top import SheetTop, sheet_top

ROW = "__row"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass
class RawTable:
    frame: pl.DataFrame  # text columns named as in the file, plus ROW (the spreadsheet row number)
    headers: list[str]
    file_format: str
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: XLSX: columns whose cells are all numbers, and whether some column mixed numbers and text (then
    #: ``numeric_cells`` tells cell by cell).
    numeric_columns: set[str] = field(default_factory=set)
    mixed: bool = False
    #: 0-based index of the header row in the sheet (titles above it); data starts on row ``header_row + 2``.
    header_row: int = 0
    #: Columns holding data under an empty header cell (a header merged across two columns): name -> sheet column.
    untitled: dict[str, int] = field(default_factory=dict)
    #: The 1-based sheet column of each column (A is 1), as Excel shows it: a list may start in column B.
    positions: dict[str, int] = field(default_factory=dict)


def detect_format(data: bytes, file_name: str) -> str:
    if data.startswith(ZIP_MAGIC):
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        raise FileRejected("xlsx_encrypted" if ENCRYPTED_MARK in data[: 1 << 20] else "xls_old")
    if file_name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise FileRejected("xlsx_corrupt")
    if file_name.lower().endswith((".csv", ".txt")):
        return "csv"
    raise FileRejected("file_type")


def check_zip(data: bytes) -> None:
    """Refuse a workbook whose unpacked size or compression ratio is not that of a real worker list."""
    max_bytes = limit("LINDUNG_IMPORT_MAX_UNPACKED_BYTES", 1_000_000_000)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRejected("xlsx_corrupt") from exc
    if "xl/workbook.xml" not in names:
        raise FileRejected("xlsx_corrupt")
    total = sum(m.file_size for m in members)
    # Sheet XML compresses about 10-30 times; a few hundred times is a bomb, whatever its total size.
    bomb = any(m.file_size > 10_000_000 and m.file_size > 250 * max(m.compress_size, 1) for m in members)
    if total > max_bytes or bomb or len(members) > 2000:
        raise FileRejected("xlsx_bomb", max_mb=max_bytes // 1_000_000)


#: Where a cell reference past Excel's last column (XFD, 16,384) or row (1,048,576) can start: a cell's or a row's
#: ``r="``, a range's ``ref="`` or its second end after ``:``, then three letters, or up to two letters and seven
#: digits. Real worker lists never come near (column AAA is the 703rd), so the few candidates are read whole and
#: checked one by one. One scan per prefix, each with a literal start: about 0.2 s per 100,000 rows of eight
#: columns (one pattern with the three prefixes as alternatives took 0.54 s).
_FAR_REFERENCES = tuple(
    re.compile(prefix + rb"(?=[A-Z]{3}|[A-Z]{0,2}[0-9]{7})") for prefix in (rb'r="', rb'ref="', rb":")
)
_REFERENCE = re.compile(rb'(?:r="|ref="|:)(?=[A-Z]{3}|[A-Z]{0,2}[0-9]{7})')
_REFERENCE = re.compile(rb"([A-Z]*)([0-9]*)")
_EXCEL_COLUMNS, _EXCEL_ROWS = 16_384, 1_048_576


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _far(window: bytes, at: int) -> bool:
    found = _REFERENCE.match(window, at)
    letters, digits = found.groups() if found else (b"", b"")
    return len(letters) > 3 or _column_number(letters) > _EXCEL_COLUMNS or int(digits or b"0") > _EXCEL_ROWS


def check_cell_references(data: bytes) -> None:
    """Refuse a workbook whose sheets name a cell or row Excel cannot have.

    calamine (inside fastexcel) sizes its grid from the references it finds: one cell at column ZZZZZZZZZZ asks
    for hundreds of gigabytes and aborts the whole worker process, not just the import. Excel itself never
    writes such a reference, so the sheets' XML is scanned for them first, streamed 1 MB at a time.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [
            m for m in archive.infolist() if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")
        ]
        for member in sheets:
            with archive.open(member) as stream:
                tail = b""
                while block := stream.read(1 << 20):
                    window = tail + block
                    if any(_far(window, m.end()) for scan in _FAR_REFERENCES for m in scan.finditer(window)):
                        raise FileRejected("xlsx_corrupt")
                    # The last token, from its opening quote or colon on: a reference cut at the block's end, however
                    # long, is read whole in the next window (one seen whole already is only checked again).
                    tail = window[max(window.rfind(b'"'), window.rfind(b":"), 0) - 4 :]


def read_upload(data: bytes, file_name: str, header_fit: HeaderFit | None = None) -> RawTable:
    """The table of the first sheet (XLSX) or of the file (CSV), all cells as text, blank rows dropped.

    Without ``header_fit`` the first non-blank row is the header; with it, the header is found (``locate_header``).
    """
    if not data:
        raise FileRejected("file_empty")
    file_format = detect_format(data, file_name)
    table = _read_xlsx(data, header_fit) if file_format == "xlsx" else _read_csv(data, header_fit)
    offset = table.header_row + 2
    frame = table.frame.with_row_index(ROW, offset=offset).with_columns(pl.col(ROW).cast(pl.Int64))
    text_cols = [c for c in frame.columns if c != ROW]
    frame = frame.with_columns(pl.col(c).cast(pl.String).str.strip_chars() for c in text_cols)
    frame = frame.with_columns(pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in text_cols)
    keep = pl.any_horizontal(pl.col(c).is_not_null() for c in text_cols) if text_cols else pl.lit(False)
    frame = frame.filter(keep)
    numbers_row = column_number_row(frame, ROW, table.positions, offset, _untitled)
    if numbers_row is not None:  # "(1)", "(2)", … under the header: not a worker
        frame = frame.slice(1)
        table.warnings.append(("column_numbers_row", {"row": numbers_row}))
    if frame.height == 0:
        raise FileRejected("no_rows")
    frame, table.untitled = _without_empty_untitled(frame, table.positions)
    table.headers = [h for h in table.headers if h in frame.columns]
    max_rows = limit("LINDUNG_IMPORT_MAX_ROWS", 1_000_000)
    if frame.height > max_rows:
        raise FileRejected("too_many_rows", max=f"{max_rows:,}".replace(",", "."))
    table.frame = frame
    return table


def _untitled(name: str) -> bool:
    """A name the libraries give a column whose header cell is empty (fastexcel, then Polars for a CSV)."""
    return name.startswith("__UNNAMED__") or name == "" or name.startswith("_duplicated_")


def _without_empty_untitled(frame: pl.DataFrame, positions: dict[str, int]) -> tuple[pl.DataFrame, dict[str, int]]:
    """Drop the columns without a header and without data (the second half of a merged header cell); the
    untitled ones holding data are kept, with their sheet column, for a message of their own."""
    untitled = [c for c in frame.columns if c != ROW and _untitled(c)]
    if not untitled:
        return frame, {}
    filled = frame.select(pl.col(c).is_not_null().any() for c in untitled).row(0)
    kept = {c: positions[c] for c, has_data in zip(untitled, filled, strict=True) if has_data}
    return frame.drop([c for c in untitled if c not in kept]), kept


def _xlsx_header(data: bytes, header_fit: HeaderFit | None) -> Header:
    """The sheet's header (``locate_header``), found from the top rows alone (no read of the whole sheet).

    When no header is recognised and the row fallen back on is blank, the header is the first row holding a
    value (fastexcel's own default). The top rows come from the sheet's XML, or, when Python's parser refuses it
    (a control character calamine tolerates), from calamine itself.
    """
    top = sheet_top(data, HEADER_SEARCH_ROWS) or _calamine_top(data, HEADER_SEARCH_ROWS)
    found = locate_header(top.rows, header_fit)
    if header_fit is None or not any(c is not None and c.strip() for c in top.rows[found.row]):
        return Header(top.first_filled)
    return found


def _calamine_top(data: bytes, count: int) -> SheetTop:
    """The first ``count`` rows as calamine reads them (a whole parse of the sheet: only for an odd sheet)."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    rows = [[_cell_text(v) for v in r] for r in sheet.to_python(skip_empty_area=False, nrows=count)]
    filled = (i for i, cells in enumerate(rows) if any(c is not None for c in cells))
    first = next(filled, None)
    if first is None:  # blank above the search limit: the first row with a value, wherever it is
        everything = sheet.to_python(skip_empty_area=False)
        first = next((i for i, r in enumerate(everything) if any(_cell_text(v) is not None for v in r)), 0)
    return SheetTop(rows + [[] for _ in range(count - len(rows))], first)


def _cell_text(value: Any) -> str | None:
    text = "" if value is None else str(value)
    return text if text.strip() else None


def _load_xlsx(reader: fastexcel.ExcelReader, header_row: int) -> tuple[pl.DataFrame, bool, list[int]]:
    """The sheet from its header row, whether it had to be read as text, and each column's 0-based sheet column."""
    try:
        sheet = reader.load_sheet(
            0, header_row=header_row, schema_sample_rows=None, dtype_coercion="strict", skip_whitespace_tail_rows=True
        )
        mixed = False
    except fastexcel.UnsupportedColumnTypeCombinationError:
        sheet = reader.load_sheet(0, header_row=header_row, dtypes="string", skip_whitespace_tail_rows=True)
        mixed = True
    return sheet.to_polars(), mixed, [c.absolute_index for c in sheet.selected_columns]


def _read_xlsx(data: bytes, header_fit: HeaderFit | None = None) -> RawTable:
    """One typed read when every column holds one kind of cell (the usual case), else one read as text.

    The header row is found first from the sheet's top rows (``sheet_top``), so a list under a title is read
    once, like a list without one.
    """
    check_zip(data)
    check_cell_references(data)
    try:
        reader = fastexcel.read_excel(data)
        if not reader.sheet_names:
            raise FileRejected("xlsx_no_sheet")
        header = _xlsx_header(data, header_fit)
        frame, mixed, columns = _load_xlsx(reader, header.row)
    except FileRejected:
        raise
    except Exception as exc:  # fastexcel raises its own types for every kind of broken workbook
        raise FileRejected("xlsx_corrupt") from exc
    is_number = [t.is_numeric() for t in frame.schema.values()]
    frame, positions = retitle(frame.select(_as_text(c, t) for c, t in frame.schema.items()), columns, header.titles)
    numeric = {name for name, number in zip(frame.columns, is_number, strict=True) if number}
    return RawTable(
        frame,
        list(frame.columns),
        "xlsx",
        numeric_columns=numeric,
        mixed=mixed,
        header_row=header.row,
        positions=positions,
    )


def _as_text(name: str, dtype: pl.DataType) -> pl.Expr:
    """Cells back to text as a person would type them: 4500000 not 4500000.0, dates as yyyy-mm-dd."""
    col = pl.col(name)
    if dtype.is_float():
        whole = col.is_finite() & (col == col.floor())
        # A whole number past Int64 (1E+20 typed into a wage) keeps its digits: as null it read as an empty cell.
        exact = pl.coalesce(col.cast(pl.Int64, strict=False), col.cast(pl.Decimal(38, 0), strict=False))
        digits = exact.cast(pl.String)
        return pl.when(whole).then(pl.coalesce(digits, col.cast(pl.String))).otherwise(col.cast(pl.String))
    if dtype.is_temporal():
        return col.dt.strftime("%Y-%m-%d") if dtype in (pl.Date, pl.Datetime) else col.cast(pl.String)
    if dtype == pl.Boolean:
        return pl.when(col).then(pl.lit("ya")).when(~col).then(pl.lit("tidak")).alias(name)
    return col.cast(pl.String)


def numeric_cells(data: bytes, column: int, header_row: int = 0) -> pl.DataFrame:
    """Rows (ROW, ``numeric``) whose cell in the 1-based sheet ``column`` holds a number rather than text: a NIK
    that went through Excel's 15-digit float. The column is found by its place: a title may be a two-row one."""
    reader = fastexcel.read_excel(data)
    try:
        read = reader.load_sheet(
            0,
            header_row=header_row,
            use_columns=[column - 1],
            schema_sample_rows=None,
            dtype_coercion="strict",
            skip_whitespace_tail_rows=True,
        ).to_polars()
        cells = read.to_series(0)
        is_number = cells.dtype.is_numeric()
        values = pl.Series([is_number and v is not None for v in cells.to_list()], dtype=pl.Boolean)
    except Exception:  # a mix of numbers and text: only a cell-by-cell read can tell which is which
        values = _mixed_numeric(data, column - 1, header_row)
    first = header_row + 2
    return pl.DataFrame({ROW: pl.int_range(first, len(values) + first, eager=True, dtype=pl.Int64), "numeric": values})


def _mixed_numeric(data: bytes, position: int, header_row: int = 0) -> pl.Series:
    """Cell by cell, whether the 0-based sheet column holds a number (calamine's rows start at column A)."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    cells = [r[position] if position < len(r) else None for r in rows[header_row + 1 :]]
    return pl.Series([isinstance(v, int | float) and not isinstance(v, bool) for v in cells], dtype=pl.Boolean)


def _read_csv(data: bytes, header_fit: HeaderFit | None = None) -> RawTable:
    """Read from the header row on, split by the file's one separator (``csv_head``); the header's index is the
    number of rows a spreadsheet shows above it, blank ones included."""
    text, converted = decode(data)
    head = read_head(text, header_fit)
    header_row = head.header.row
    quoting = read_as_excel(head.body, head.separator, first_row=header_row + 1, fields=head.fields)
    try:
        frame = pl.read_csv(
            io.BytesIO(quoting.body), separator=head.separator, infer_schema=False, has_header=True, raise_if_empty=True
        )
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise FileRejected("csv_malformed") from exc
    warnings = [("csv_encoding", {"encoding": converted})] if converted else []
    warnings += [("csv_stray_quote", {"rows": rows_text(quoting.stray_rows)})] if quoting.stray_rows else []
    frame, positions = retitle(frame, range(frame.width), head.header.titles)  # a CSV row starts in column A
    return RawTable(frame, list(frame.columns), "csv", warnings, header_row=header_row, positions=positions)
