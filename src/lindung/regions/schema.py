"""Typed reading of YAML reference files, with errors that name the file and the field.

A reference file is edited by hand, so every mistake must point at the line to fix: ``ProfileError`` carries
the file, the dotted field path (``agencies[3].kbli_sections``) and what is expected there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

import yaml

E = TypeVar("E", bound=StrEnum)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ProfileError(ValueError):
    """A region reference file is missing, unreadable or breaks the schema."""

    def __init__(self, file: str | Path, field: str, message: str) -> None:
        self.file = str(file)
        self.field = field
        self.message = message
        where = f"{self.file}: {field}" if field else self.file
        super().__init__(f"{where}: {message}")


def read_yaml(path: Path) -> Node:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(path, "", f"cannot read the file ({exc.strerror})") from exc
    try:
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader, in C when libyaml is there
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise ProfileError(path, "", f"not valid YAML{line}: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, dict):
        raise ProfileError(path, "", "the file must hold a mapping (key: value) at the top level")
    return Node(data, str(path), "")


class Node:
    """A mapping read from YAML, with typed getters that fail with the field's path."""

    def __init__(self, data: Mapping[str, object], file: str, path: str) -> None:
        self.data = data
        self.file = file
        self.path = path

    def field(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, message: str) -> ProfileError:
        return ProfileError(self.file, self.field(key) if key else self.path, message)

    def reject_unknown(self, allowed: set[str]) -> None:
        unknown = sorted(set(self.data) - allowed)
        if unknown:
            raise self.error(unknown[0], f"unknown field; allowed here: {', '.join(sorted(allowed))}")

    def _get(self, key: str, required: bool) -> object:
        if key not in self.data or self.data[key] is None:
            if required:
                raise self.error(key, "required field is missing")
            return None
        return self.data[key]

    def text(self, key: str, *, pattern: str | None = None, required: bool = True, hint: str = "") -> str:
        value = self._get(key, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            extra = f" ({hint})" if hint else ""
            raise self.error(key, f"expected text, got {type(value).__name__} {value!r}{extra}")
        if pattern is not None and not re.fullmatch(pattern, value):
            raise self.error(key, f"{value!r} does not match the expected form {hint or pattern}")
        return value

    def code(self, key: str, *, parts: int) -> str:
        pattern = r"\d{2}" + r"\.\d{2}" * min(parts - 1, 2) + (r"\.\d{4}" if parts == 4 else "")
        example = ("12", "12.71", "12.71.01", "12.71.01.1001")[parts - 1]
        return self.text(key, pattern=pattern, hint=f'a quoted dotted Kemendagri code such as "{example}"')

    def whole(self, key: str, *, minimum: int | None = None) -> int:
        value = self._get(key, True)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.error(key, f"expected a whole number, got {value!r}")
        if minimum is not None and value < minimum:
            raise self.error(key, f"must be at least {minimum}, got {value}")
        return value

    def flag(self, key: str, *, default: bool = False) -> bool:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {value!r}")
        return value

    def day(self, key: str, *, required: bool = True) -> date | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, date):
            raise self.error(key, f"expected a date written YYYY-MM-DD, got {value!r}")
        return value

    def money(self, key: str) -> Decimal:
        """Rupiah as a whole number or a quoted decimal ("3370645.08"); never a float, which would round."""
        value = self._get(key, True)
        if isinstance(value, bool | float):
            raise self.error(key, f"write money as a whole number or a quoted decimal string, not {value!r}")
        try:
            amount = Decimal(str(value))
        except InvalidOperation as exc:
            raise self.error(key, f"{value!r} is not an amount of money") from exc
        if not amount.is_finite() or amount <= 0:
            raise self.error(key, f"must be a positive amount, got {value!r}")
        return amount

    def enum(self, key: str, kind: type[E]) -> E:
        value = self.text(key)
        try:
            return kind(value)
        except ValueError as exc:
            allowed = ", ".join(member.value for member in kind)
            raise self.error(key, f"{value!r} is not one of: {allowed}") from exc

    def text_list(self, key: str, *, pattern: str | None = None, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.error(key, f"expected a list, got {type(value).__name__}")
        for index, item in enumerate(value):
            if not isinstance(item, str) or (pattern is not None and not re.fullmatch(pattern, item)):
                raise self.error(f"{key}[{index}]", f"{item!r} is not valid text of the form {pattern or 'text'}")
        return tuple(value)

    def node(self, key: str, *, required: bool = True) -> Node | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.error(key, f"expected a mapping (key: value), got {type(value).__name__}")
        return Node(value, self.file, self.field(key))

    def required_node(self, key: str) -> Node:
        node = self.node(key)
        assert node is not None  # node() raises for a missing required key
        return node

    def nodes(self, key: str, *, required: bool = True) -> Iterator[Node]:
        value = self._get(key, required)
        if value is None:
            return
        if not isinstance(value, list):
            raise self.error(key, f"expected a list, got {type(value).__name__}")
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.error(f"{key}[{index}]", f"expected a mapping (key: value), got {item!r}")
            yield Node(item, self.file, f"{self.field(key)}[{index}]")

    def count_map(self, key: str) -> dict[str, int]:
        node = self.required_node(key)
        result: dict[str, int] = {}
        for name in node.data:
            result[str(name)] = node.whole(str(name), minimum=0)
        return result
