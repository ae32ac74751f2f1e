"""The ``lindung`` command: Django's management commands plus Lindung's own, with readable sub-commands.

``lindung calc contribution`` → ``calc contribution``; ``lindung check nik`` → ``check_nik``;
``lindung demo-data`` → ``demo_data``; anything else goes to Django unchanged (``lindung migrate``).
"""

from __future__ import annotations

import os
import sys

ALIASES = {
    ("check", "nik"): ["check_nik"],
    ("audit", "verify"): ["audit_verify"],
    ("import", "workers"): ["import_workers"],
}


def route(argv: list[str]) -> list[str]:
    """Map the friendly command line onto a Django management command line."""
    if len(argv) >= 2 and (argv[0], argv[1]) in ALIASES:
        return ALIASES[(argv[0], argv[1])] + argv[2:]
    if argv and "-" in argv[0] and not argv[0].startswith("-"):
        return [argv[0].replace("-", "_"), *argv[1:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.config.settings")
    args = route(list(sys.argv[1:] if argv is None else argv))
    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["lindung", *args])
    except ImproperlyConfigured as exc:
        print(f"lindung: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


if __name__ == "__main__":  # pragma: no cover
    main()
