"""The text encoding of an uploaded CSV: UTF-8, UTF-16, Windows-1252 or an old DOS code page (850, 437).

Excel writes "CSV UTF-8" with a BOM, "Unicode text" as UTF-16 with a BOM and plain "CSV" in the Windows code
page (1252 here); other tools write UTF-16 without a BOM; old payroll software still exports in a DOS code page,
whose accented letters mostly sit on bytes Windows-1252 also defines ("é" is 0x82, Windows-1252's "‚"). A file
that is not UTF-8 is read in the legacy code page its non-ASCII bytes fit (``legacy_reading``), and refused,
naming the line, when they fit none, or several in different letters: never read into garbled names.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from lindung.registry.imports.csv_head import declared_separator
from lindung.registry.imports.csv_quotes import file_separator, row_ends
from lindung.registry.imports.rejected import FileRejected

#: The legacy code pages tried, in order of preference on a tie that changes no letter, with their label.
LEGACY = (("cp1252", "Windows-1252"), ("cp850", "DOS (CP850)"), ("cp437", "DOS (CP437)"))

# What a byte is under a code page (bit flags): a letter of names (accented Latin, by case), an apostrophe,
# punctuation that opens or closes a word, a dash, a space, a box-drawing character, or undefined.
LOWER, UPPER, APOSTROPHE, OPENING, CLOSING, DASH, SPACE, BOX, UNDEFINED = (1 << i for i in range(9))
LETTER = LOWER | UPPER
_OTHER_NAME_LETTERS = "ßæÆøØœŒ"
_APOSTROPHES, _OPENERS, _CLOSERS = "’‘´ʼ", "‚„“‘«‹¡¿", "’”»›…"


def decode(data: bytes) -> tuple[bytes, str | None]:
    """UTF-8 bytes of the CSV, and the encoding it was converted from (None when it was UTF-8 already).

    A file that is neither UTF-8 nor UTF-16 is refused when it mixes UTF-8 with other bytes (two lists pasted
    together); else its legacy code page is the one ``legacy_reading`` finds.
    """
    utf8_bom = data.startswith(b"\xef\xbb\xbf")
    data = data[3:] if utf8_bom else data
    utf16 = _utf16_kind(data)
    if utf16 is not None:
        try:
            return data.decode(utf16).encode("utf-8"), "UTF-16"
        except UnicodeDecodeError as exc:
            big_endian = utf16 == "utf-16-be" or data.startswith(b"\xfe\xff")
            raise FileRejected("csv_encoding_unknown", row=line_of(data, exc.start, 2, big_endian=big_endian)) from exc
    try:
        data.decode("utf-8")
        return data, None
    except UnicodeDecodeError as exc:
        if utf8_bom or _utf8_sequence(data):
            raise FileRejected("csv_encoding_mixed", row=line_of(data, exc.start)) from exc
    codec, label = legacy_reading(data)
    return data.decode(codec).encode("utf-8"), label


def _utf8_sequence(data: bytes) -> bool:
    """Whether the bytes hold a multi-byte UTF-8 character: text saved as UTF-8, even if other bytes are not.

    Checked at the non-ASCII bytes only, on arrays (a regular expression took 7.7 s over a 53 MB file).
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    at = np.flatnonzero(raw >= 0x80)
    lead = raw[at]
    follows = [np.where(at + i < raw.size, raw[np.clip(at + i, 0, raw.size - 1)], 0) & 0xC0 == 0x80 for i in (1, 2, 3)]
    two = (lead >= 0xC2) & (lead <= 0xDF) & follows[0]
    three = (lead >= 0xE0) & (lead <= 0xEF) & follows[0] & follows[1]
    four = (lead >= 0xF0) & (lead <= 0xF4) & follows[0] & follows[1] & follows[2]
    return bool((two | three | four).any())


def _utf16_kind(data: bytes) -> str | None:
    """The codec of a UTF-16 file: by its BOM, or by the zero bytes of the ASCII text of its first line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:200]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):  # header text is ASCII: every other byte zero
        return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
    return None


def line_of(data: bytes, position: int, width: int = 1, *, big_endian: bool = False) -> int:
    """The 1-based row a spreadsheet shows for a byte position, for a message.

    The text is read as Excel reads it (``csv_quotes.row_ends``): a line break inside a quoted cell (an address
    typed on two lines, Alt+Enter) does not start a row, and a quote inside a cell (``PT "Maju``) is text, so it
    opens nothing and the rows under it keep their numbers. ``width`` 2 is UTF-16. Counted on arrays: the position
    can be deep in a large file; only a refusal asks.
    """
    units = np.frombuffer(
        data[: len(data) - len(data) % width], dtype=np.uint8 if width == 1 else ">u2" if big_endian else "<u2"
    )
    declared, _start = declared_separator(units)  # a first line "sep=;" is not a row Excel shows
    ends = row_ends(units, file_separator(units) if declared is None else declared)
    return int(np.searchsorted(ends, position // width)) + (1 if declared is None else 0)


def _name_letter(char: str) -> bool:
    """A letter of a name written in Latin script: an accented ASCII letter (é, Ñ, š) or one of a few others."""
    if char in _OTHER_NAME_LETTERS:
        return True
    parts = unicodedata.decomposition(char).split()
    return bool(parts) and not parts[0].startswith("<") and chr(int(parts[0], 16)) in _ASCII_LETTERS


_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _kind(char: str | None) -> int:
    if char is None:
        return UNDEFINED
    if char in _ASCII_LETTERS or (not char.isascii() and _name_letter(char)):
        return LOWER if char.islower() else UPPER
    kind = 0
    for flag, chars in ((APOSTROPHE, _APOSTROPHES), (OPENING, _OPENERS), (CLOSING, _CLOSERS)):
        kind |= flag if char in chars else 0
    category = unicodedata.category(char)
    kind |= DASH if category == "Pd" or char == "\xad" else 0
    kind |= SPACE if category == "Zs" else 0
    kind |= BOX if "\u2500" <= char <= "\u25ff" else 0
    return kind


@dataclass(frozen=True)
class _CodePage:
    codec: str
    label: str
    chars: tuple[str | None, ...]  # the character of each byte (None: undefined)
    kinds: npt.NDArray[np.int16]  # _kind of each byte


def _code_page(codec: str, label: str) -> _CodePage:
    chars: list[str | None] = []
    for byte in range(256):
        try:
            chars.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            chars.append(None)
    return _CodePage(codec, label, tuple(chars), np.array([_kind(c) for c in chars], dtype=np.int16))


_CODE_PAGES = tuple(_code_page(codec, label) for codec, label in LEGACY)


def _scores(page: _CodePage, around: npt.NDArray[np.uint8]) -> npt.NDArray[np.int8]:
    """How well each non-ASCII byte fits a name or address when read in ``page``, from the bytes around it.

    ``around`` holds, per byte, the one two before it, the one before, itself and the one after. +1: a letter of
    the right case inside a word (lower case not before a capital nor inside an all-caps word, a capital not
    after a lower-case letter nor between a capital and a lower-case letter), an apostrophe between letters,
    closing punctuation after a word, opening punctuation before one. -3: any other symbol touching a letter
    (Windows-1252's "‚" for a DOS "é" in "José", a box-drawing line in "MÜLLER" read as DOS). -1: a letter of
    the wrong case, a letter or box-drawing character standing alone. 0: dashes, spaces, symbols standing alone.
    """
    kinds = page.kinds[around]
    two_before, before, byte, after = (kinds[:, i] for i in range(4))
    letter_before, letter_after = (before & LETTER) != 0, (after & LETTER) != 0
    touching = letter_before | letter_after
    lower_odd = ((after & UPPER) != 0) | (((before & UPPER) != 0) & ((two_before & UPPER) != 0)) | ~touching
    upper_odd = ((before & LOWER) != 0) | (((before & UPPER) != 0) & ((after & LOWER) != 0)) | ~touching
    fits = (
        (letter_before & letter_after & ((byte & APOSTROPHE) != 0))
        | (letter_before & ~letter_after & ((byte & CLOSING) != 0))
        | (~letter_before & letter_after & ((byte & OPENING) != 0))
    )
    neutral = ((byte & (DASH | SPACE)) != 0) | ~touching
    other = np.where(fits, 1, np.where(neutral, np.where((byte & BOX) != 0, -1, 0), -3))
    is_lower, is_upper = (byte & LOWER) != 0, (byte & UPPER) != 0
    scores = np.where(is_lower, np.where(lower_odd, -1, 1), np.where(is_upper, np.where(upper_odd, -1, 1), other))
    return scores.astype(np.int8)


def _around(data: bytes) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """The positions of the non-ASCII bytes, and per position the bytes two before, before, at and after."""
    raw = np.frombuffer(data, dtype=np.uint8)
    at = np.flatnonzero(raw >= 0x80)
    columns = []
    for shift in (-2, -1, 0, 1):
        index = at + shift
        inside = (index >= 0) & (index < raw.size)
        columns.append(np.where(inside, raw[np.clip(index, 0, raw.size - 1)], ord(" ")))
    return at, np.stack(columns, axis=1).astype(np.uint8)


def _readings(present: npt.NDArray[np.uint8]) -> list[_CodePage]:
    """The code pages defining every byte present, one per distinct reading (CP850 and CP437 agree on most)."""
    readings: list[_CodePage] = []
    for page in _CODE_PAGES:
        if any(page.chars[b] is None for b in present):
            continue
        same = next((r for r in readings if all(r.chars[b] == page.chars[b] for b in present)), None)
        if same is None:
            readings.append(page)
        elif same.codec != "cp1252":
            readings[readings.index(same)] = _CodePage(same.codec, "DOS (CP850/CP437)", same.chars, same.kinds)
    return readings


def legacy_reading(data: bytes) -> tuple[str, str]:
    """The codec and label of the legacy code page the file's non-ASCII bytes fit, decided on all of them at once.

    The reading whose bytes fit best (``_scores`` summed) wins when it is the only best and no byte it reads
    badly fits better in another reading (one list in two code pages). A tie between readings that differ in a
    letter is refused as ambiguous; readings that differ only in symbols take Windows-1252, as Excel writes.
    """
    at, around = _around(data)
    present = np.unique(around[:, 2])
    readings = _readings(present)
    if not readings:
        raise FileRejected("csv_encoding_unknown", row=line_of(data, int(at[0]) if at.size else 0))
    scores = np.stack([_scores(page, around) for page in readings])
    totals = scores.sum(axis=1, dtype=np.int64)
    top = [i for i, total in enumerate(totals) if total == totals.max()]
    if len(top) > 1:
        bytes_at = around[:, 2]
        chars = np.array([[ord(readings[i].chars[b] or "\0") for b in range(256)] for i in top])[:, bytes_at]
        differ = (chars != chars[0]).any(axis=0)
        letter = np.stack([(readings[i].kinds[bytes_at] & LETTER) != 0 for i in top]).any(axis=0)
        doubtful = np.flatnonzero(differ & letter)
        if doubtful.size:
            raise FileRejected("csv_encoding_ambiguous", row=line_of(data, int(at[doubtful[0]])))
    best = top[0]
    informative = (scores.max(axis=0) != scores.min(axis=0)) if len(readings) > 1 else np.ones(at.size, dtype=bool)
    bad = np.flatnonzero(informative & (scores[best] < 0))
    if bad.size:
        raise FileRejected("csv_encoding_unknown", row=line_of(data, int(at[bad[0]])))
    return readings[best].codec, readings[best].label
