"""Add English translations to the message catalogue without clobbering a parallel edit.

    .venv/bin/python scripts/po_add.py entries.json   # {"Bahasa Indonesia source": "English", ...}

Takes an exclusive lock on the catalogue, adds or updates the entries (clearing a fuzzy flag), and saves.
`lindung compile_translations` then builds the .mo file.
"""

from __future__ import annotations

import fcntl
import json
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parents[1] / "src/lindung/locale/en/LC_MESSAGES/django.po"


def main(paths: list[str]) -> int:
    entries: dict[str, str] = {}
    for path in paths:
        entries.update(json.loads(Path(path).read_text(encoding="utf-8")))
    with open(CATALOGUE.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        po = polib.pofile(str(CATALOGUE))
        added = 0
        for source, english in entries.items():
            entry = po.find(source)
            if entry is None:
                po.append(polib.POEntry(msgid=source, msgstr=english))
                added += 1
            else:
                entry.msgstr = english
                entry.obsolete = False
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save()
    print(f"{added} added, {len(entries) - added} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
