"""What a billing run may show of itself to the people and programs that read it."""

from __future__ import annotations

import re

from lindung.billing.models import BillingRun, RunStatus

#: The head of a failed run's stored error (``f"{type(exc).__name__}: {exc}"``): the exception's class name.
_ERROR_KIND = re.compile(r"([A-Za-z_][A-Za-z0-9_.]{0,99})(?::|$)")


def run_error_kind(run: BillingRun) -> str:
    """The kind of error a failed run stopped with (``IntegrityError``), else ``""``.

    Only the class name is shown (run page, API, demo log), never the message after it: that is the exception's
    own text, which can quote a row's values (a NIK, a name). A stored text that does not start with a class
    name shows nothing.
    """
    kind = _ERROR_KIND.match(run.error) if run.status == RunStatus.FAILED else None
    return kind.group(1) if kind else ""
