"""Add English translations to the message catalogue without clobbering a parallel edit.

    .venv/bin/python scripts/po_add.py entries.json   # {"Bahasa Indonesia source": "English", ...}

Takes an exclusive lock on the catalogue, adds or updates the entries (clearing a fuzzy flag), and saves.
A key ``"context\\u0004source"`` (gettext's own separator) is the entry of ``pgettext("context", "source")``;
a value ``null`` removes the entry (a string the code no longer uses).
`lindung compile_translations` then builds the .mo file.
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[1] / "src/lindung/locale/en/LC_MESSAGES/django.po"
CONTEXT_SEPARATOR = "\x04"


def _split(key: str) -> tuple[str | None, str]:
    context, separator, source = key.rpartition(CONTEXT_SEPARATOR)
    return (context if separator else None), source


def _find(po: polib.POFile, context: str | None, source: str) -> polib.POEntry | None:
    """The entry of exactly this context: polib's ``find`` without a context also matches a contextual entry."""
    return next((e for e in po if e.msgid == source and e.msgctxt == context), None)


def main(paths: list[str]) -> int:
    entries: dict[str, str | None] = {}
    for path in paths:
        entries.update(json.loads(Path(path).read_text(encoding="utf-8")))
    added = updated = removed = 0
    with open(CATALOGUE.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        po = polib.pofile(str(CATALOGUE))
        for key, english in entries.items():
            context, source = _split(key)
            entry = _find(po, context, source)
            if english is None:
                if entry is not None:
                    po.remove(entry)
                    removed += 1
            elif entry is None:
                po.append(polib.POEntry(msgctxt=context, msgid=source, msgstr=english))
                added += 1
            else:
                entry.msgstr = english
                entry.obsolete = False
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                updated += 1
        po.save()
    print(f"{added} added, {updated} updated, {removed} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
