"""The refusal of a whole uploaded file, raised by the reader and its encoding check."""

from __future__ import annotations

from typing import Any


class FileRejected(Exception):
    """The file cannot be imported at all; ``code`` and ``params`` say why (see imports.messages)."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code, self.params = code, params
        super().__init__(code)
