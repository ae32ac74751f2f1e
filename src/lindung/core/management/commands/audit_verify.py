from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lindung.core.audit import audit_verify


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; exit 1 if an entry was edited, inserted or removed."

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_verify()
        if not result.ok:
            raise CommandError(f"audit log INVALID at entry {result.entry_id}: {result.problem}", returncode=1)
        self.stdout.write(f"audit log OK: {result.checked} entries, chain intact")
