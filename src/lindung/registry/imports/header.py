"""Where a worker list's column titles are, on one row or on two, and what each column is called.

Employers often title their columns on two rows: a group title merged across its columns ("Data Pekerja" over
"NIK" / "Nama", "Tanggal" over "Lahir" / "Mulai") and titles merged down over both rows ("NPP", "Upah"). Each
column then gets one title: the group and its sub-title together when that names a template column ("Tanggal
Lahir"), else the sub-title alone ("NIK"), else the group title when it stands over that one column only
("Upah" over "Rupiah"), else the title over both rows. The reader only knows whether a list of titles names the
template's columns (``HeaderFit``), so this works for any template.

A group whose own title names a template column and which splits it over several columns ("Upah" over "Pokok"
/ "Tunjangan", "Program" over "JKK" / "JKM") has no one value per worker to import: the file is refused, naming
the two rows and the columns. Reading one of them, or leaving the column out (the default programmes instead
of the ones ticked), would import something the user did not write.

Rows and columns are the sheet's own: row and column indexes are 0-based here, numbered from 1 (and columns
by letter) in messages. Merged cells are not read (they sit at the end of the sheet's XML): a group's columns
are the ones to the right of its title that have a sub-title and no title of their own, as Excel shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import polars as pl

from lindung.registry.imports.rejected import FileRejected

#: How many rows from the top may hold titles before the header row.
HEADER_SEARCH_ROWS = 10

#: For a row's cells: (does it hold every required column, how many template columns it names).
HeaderFit = Callable[[Sequence[str]], tuple[bool, int]]
Cells = Sequence[str | None]


@dataclass(frozen=True)
class Header:
    """The header of a sheet: its (last) row, and for a two-row header the title of each column."""

    row: int
    #: Two-row header: the title of each titled column, by 0-based sheet column; empty for a one-row header.
    titles: dict[int, str] = field(default_factory=dict)


@dataclass
class _Group:
    title: str
    columns: list[int]  # the sheet columns under the title holding a sub-title


def column_letter(number: int) -> str:
    """The letters Excel shows over a 1-based column: 1 is A, 27 is AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(cells: Cells, column: int) -> str | None:
    value = cells[column] if column < len(cells) else None
    return value.strip() if value is not None and value.strip() else None


def _filled(cells: Cells) -> list[str]:
    return [text for text in (_cell(cells, c) for c in range(len(cells))) if text is not None]


def find_header(rows: Sequence[Cells], header_fit: HeaderFit | None) -> int:
    """The first of the top rows holding every required column; else the one naming most columns; else 0."""
    if header_fit is None:
        return 0
    best, best_count = 0, 0
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        complete, count = header_fit(_filled(cells))
        if complete:
            return index
        if count > best_count:
            best, best_count = index, count
    return best


def locate_header(rows: Sequence[Cells], header_fit: HeaderFit | None) -> Header:
    """The header of the top rows: one complete row, else two rows that together are, else the best guess.

    A complete row with a row of sub-titles under it (its titles merged down, a group over several columns) is
    read with that row. Raises ``FileRejected`` for a two-row header splitting a template column.
    """
    rows = list(rows[:HEADER_SEARCH_ROWS])
    single = find_header(rows, header_fit)
    if header_fit is None:
        return Header(single)
    complete, single_count = header_fit(_filled(rows[single]))
    if complete:
        below = rows[single + 1] if single + 1 < len(rows) else []
        return _band(rows, single, header_fit) if _subtitles_only(rows[single], below) else Header(single)
    best: tuple[int, int] | None = None  # (count, top row) of the band naming most columns
    for top in range(len(rows) - 1):
        if not _filled(rows[top]) or len(_filled(rows[top + 1])) < 2:
            continue
        band_complete, count = header_fit(list(_titles(rows[top], rows[top + 1], header_fit).values()))
        if band_complete:
            return _band(rows, top, header_fit)
        if count > single_count and (best is None or count > best[0]):
            best = (count, top)
    return _band(rows, best[1], header_fit) if best is not None else Header(single)


def _band(rows: Sequence[Cells], top: int, header_fit: HeaderFit) -> Header:
    titles = _titles(rows[top], rows[top + 1], header_fit)
    _refuse_split(rows[top], rows[top + 1], titles, top, header_fit)
    return Header(top + 1, titles)


def _groups(top: Cells, bottom: Cells) -> list[_Group]:
    """The group titles of the top row over the sub-titles of the bottom row, each with its columns."""
    groups: list[_Group] = []
    current: _Group | None = None
    for column in range(max(len(top), len(bottom))):
        title, sub = _cell(top, column), _cell(bottom, column)
        if title is not None:
            current = _Group(title, [column]) if sub is not None else None
            groups += [current] if current is not None else []
        elif sub is not None and current is not None:
            current.columns.append(column)
        else:
            current = None
    return groups


def _names(header_fit: HeaderFit, title: str) -> bool:
    return header_fit([title])[1] > 0


def _titles(top: Cells, bottom: Cells, header_fit: HeaderFit) -> dict[int, str]:
    """One title per titled column of a two-row header (see the module docstring for the order of choice)."""
    titles = {c: text for c in range(len(top)) if (text := _cell(top, c)) is not None and _cell(bottom, c) is None}
    titles |= {c: text for c in range(len(bottom)) if (text := _cell(bottom, c)) is not None}
    for group in _groups(top, bottom):
        for column in group.columns:
            sub = titles[column]
            both = f"{group.title} {sub}"
            single = len(group.columns) == 1 and _names(header_fit, group.title)
            titles[column] = next((t for t in (both, sub) if _names(header_fit, t)), group.title if single else both)
    return dict(sorted(titles.items()))


def _subtitles_only(top: Cells, bottom: Cells) -> bool:
    """Whether the row under a complete header row holds sub-titles: a group over several columns, and nothing
    under the titles that stand alone (merged down). A data row has a value under those."""
    groups = _groups(top, bottom)
    grouped = {c for g in groups if len(g.columns) > 1 for c in g.columns}
    alone = [c for c in range(len(top)) if _cell(top, c) is not None and c not in grouped]
    return bool(grouped) and all(_cell(bottom, c) is None for c in alone)


def _refuse_split(top: Cells, bottom: Cells, titles: dict[int, str], row: int, header_fit: HeaderFit) -> None:
    """Refuse a group naming a template column that no column of the header names on its own."""
    named = header_fit(list(titles.values()))[1]
    for group in _groups(top, bottom):
        if len(group.columns) < 2 or not _names(header_fit, group.title):
            continue
        if header_fit([*titles.values(), group.title])[1] > named:
            columns = ", ".join(f"{column_letter(c + 1)} ({_cell(bottom, c)})" for c in group.columns)
            raise FileRejected("header_group_split", title=group.title, top=row + 1, bottom=row + 2, columns=columns)


def retitle(frame: pl.DataFrame, columns: Sequence[int], titles: dict[int, str]) -> tuple[pl.DataFrame, dict[str, int]]:
    """Name the columns read under a two-row header by their titles; with each name's 1-based sheet column.

    ``columns`` holds the 0-based sheet column of each of the frame's columns. A title given twice keeps the
    file's order and gets a number in brackets, which header matching reads as the same title (a duplicate).
    """
    names: list[str] = []
    for name, column in zip(frame.columns, columns, strict=True):
        title, repeat = titles.get(column, name), 1
        while title in names:  # untitled columns keep the library's name (__UNNAMED__n), which no title takes
            repeat += 1
            title = f"{titles.get(column, name)} ({repeat})"
        names.append(title)
    positions = {name: column + 1 for name, column in zip(names, columns, strict=True)}
    return frame.rename(dict(zip(frame.columns, names, strict=True))), positions
