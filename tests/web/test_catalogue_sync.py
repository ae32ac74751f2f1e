"""The catalogue and the code agree: every source string has an entry, and no entry outlives its string.

A source string missing from the catalogue shows Bahasa Indonesia to an English reader; an entry whose string
was reworded is dead weight that hides the real one from a translator. Strings are found as makemessages finds
them (Django's own ``templatize`` for templates, gettext calls for Python), without writing any file.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import polib
from django.utils.translation.template import templatize

import lindung

SOURCE = Path(lindung.__file__).parent
CATALOGUE = SOURCE / "locale" / "en" / "LC_MESSAGES" / "django.po"
CALLS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
_TEMPLATE_CALL = re.compile(r"""\b(n?p?gettext|_)\(((?:\s*u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*,?)+)""")
_LITERAL = re.compile(r"""u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")


def _python_files() -> Iterator[Path]:
    return (p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts)


def python_msgids(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        args = node.args[1:] if name.startswith("pgettext") else node.args
        if name in CALLS and args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
            yield args[0].value


def template_msgids(path: Path) -> Iterator[str]:
    for call in _TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        literals = [ast.literal_eval(s) for s in _LITERAL.findall(call[2])]
        yield from literals[1:2] if call[1].startswith("p") else literals[:1]


def source_msgids() -> dict[str, str]:
    """Every msgid of the code, with one file that uses it."""
    found: dict[str, str] = {}
    for path in _python_files():
        found.update({m: str(path.relative_to(SOURCE)) for m in python_msgids(path)})
    for path in SOURCE.rglob("templates/**/*.html"):
        found.update({m: str(path.relative_to(SOURCE)) for m in template_msgids(path)})
    return found


def python_literals() -> set[str]:
    """Every string constant of the code: a msgid kept in a constant (``_(NOT_FOUND)``) is used too."""
    out: set[str] = set()
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        out.update(n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str))
    return out


def _catalogue() -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete and entry.msgid}


def test_every_source_string_has_a_catalogue_entry() -> None:
    catalogue = _catalogue()
    missing = {m: where for m, where in source_msgids().items() if m and m not in catalogue}
    assert missing == {}, "add these with scripts/po_add.py"


def test_no_catalogue_entry_outlives_its_string() -> None:
    used = set(source_msgids()) | python_literals()
    unused = sorted(m for m in _catalogue() if m not in used and m.replace("%%", "%") not in used)
    assert unused == [], "remove these entries from the catalogue: their strings are gone from the code"
