"""The catalogue and the code agree: every source string has an entry, and no entry outlives its string.

A source string missing from the catalogue shows Bahasa Indonesia to an English reader; an entry whose string
was reworded is dead weight that hides the real one from a translator. Strings are found as makemessages finds
them (Django's own ``templatize`` for templates, gettext calls for Python), without writing any file.

An entry is its context and its msgid, as gettext keys it: ``pgettext("title", "Pemberi kerja")`` needs the entry
with ``msgctxt "title"``, and the entry without a context stays only while some code still asks for it.
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


#: A message as gettext keys it: (context or None, msgid).
Message = tuple[str | None, str]


def _python_files() -> Iterator[Path]:
    return (p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts)


def _gettext_calls(tree: ast.AST) -> Iterator[tuple[str, ast.Call]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in CALLS:
                yield name, node


def _string(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_msgids(path: Path) -> Iterator[Message]:
    for name, call in _gettext_calls(ast.parse(path.read_text(encoding="utf-8"))):
        if name.startswith(("pgettext", "npgettext")):
            context, msgid = (_string(a) for a in call.args[:2]) if len(call.args) > 1 else (None, None)
            if context is not None and msgid is not None:
                yield context, msgid
        elif (msgid := _string(call.args[0])) is not None:
            yield None, msgid


def template_msgids(path: Path) -> Iterator[Message]:
    for call in _TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"), origin=str(path))):
        literals = [ast.literal_eval(s) for s in _LITERAL.findall(call[2])]
        if "p" in call[1]:  # pgettext / npgettext: the context comes first
            yield literals[0], literals[1]
        else:
            yield None, literals[0]


def source_msgids() -> dict[Message, str]:
    """Every message of the code, with one file that uses it."""
    found: dict[Message, str] = {}
    for path in _python_files():
        found.update({m: str(path.relative_to(SOURCE)) for m in python_msgids(path)})
    for path in SOURCE.rglob("templates/**/*.html"):
        found.update({m: str(path.relative_to(SOURCE)) for m in template_msgids(path)})
    return found


def python_literals() -> set[str]:
    """Every string constant of the code that is not itself a gettext argument: a msgid kept in a constant
    (``_(NOT_FOUND)``) is used too, but ``pgettext("label", "Pemberi kerja")`` must not keep alive the entry of
    "Pemberi kerja" without a context."""
    out: set[str] = set()
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        arguments = {id(a) for _name, call in _gettext_calls(tree) for a in call.args}
        out.update(
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in arguments
        )
    return out


def _catalogue() -> set[Message]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE)) if not e.obsolete and e.msgid}


def test_every_source_string_has_a_catalogue_entry() -> None:
    catalogue = _catalogue()
    missing = {m: where for m, where in source_msgids().items() if m[1] and m not in catalogue}
    assert missing == {}, 'add these with scripts/po_add.py (a context as "context\\u0004msgid")'


def test_no_catalogue_entry_outlives_its_string() -> None:
    used = set(source_msgids())
    literals = python_literals()

    def is_used(context: str | None, msgid: str) -> bool:
        forms = {msgid, msgid.replace("%%", "%")}
        in_code = any((context, form) in used for form in forms)
        return in_code or (context is None and bool(forms & literals))  # a constant keeps only a context-free entry

    unused = sorted((c or "", m) for c, m in _catalogue() if not is_used(c, m))
    assert unused == [], "remove these entries from the catalogue (po_add.py, value null): their strings are gone"


def test_contexts_are_told_apart() -> None:
    """The same msgid in two contexts is two messages: the check sees each one, not just the msgid."""
    found = source_msgids()
    for context in ("title", "label"):
        assert (context, "Perangkat daerah") in found
        assert (context, "Pemberi kerja") in found
    assert {("subject", "Sasaran"), ("audience", "Sasaran")} <= set(found)
    assert (None, "Sasaran") not in found
