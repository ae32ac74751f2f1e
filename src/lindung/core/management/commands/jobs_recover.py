from typing import Any

from django.core.management.base import BaseCommand

from lindung.core.jobs import jobs_recover, stall_limit


class Command(BaseCommand):
    help = (
        "Mark failed every background job (upload, import) whose worker died: still running, no heartbeat for "
        "LINDUNG_JOB_STALL_MINUTES (30). Its user can then upload again. Safe to run at any time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = jobs_recover()
        minutes = int(stall_limit().total_seconds() // 60)
        for label, count in sorted(recovered.items()):
            self.stdout.write(f"{label}: {count} job(s) failed after {minutes} min without a heartbeat")
