"""Keep personal identifiers out of logs and error reports."""

from __future__ import annotations

import logging
import re

# A 16-digit NIK (possibly with separators) and Indonesian phone numbers.
_NIK = re.compile(r"(?<!\d)(\d{6})[\s.\-]?(\d{6})[\s.\-]?(\d{4})(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(?:\+62|62|0)8\d[\d\s\-]{6,12}\d")


def scrub(text: str) -> str:
    text = _NIK.sub(lambda m: m.group(1)[:4] + "********" + m.group(3), text)
    return _PHONE.sub("<telepon>", text)


class PersonalDataFilter(logging.Filter):
    """Mask NIKs and phone numbers in every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
