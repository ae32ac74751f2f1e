"""`lindung demo`: the whole demo in one command (used by `make demo`)."""

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from lindung.core.models import Region


class Command(BaseCommand):
    help = "Migrate, load Kota Medan and the demo data (first time only), print the logins, run worker and server."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=20_000)
        parser.add_argument("--no-serve", action="store_true", help="prepare only; do not start the server")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not Region.objects.filter(code=settings.LINDUNG_REGION).exists():
            self.stdout.write("Memuat profil Kota Medan dan data demo (hanya pertama kali) …")
            call_command("load_region", "kota-medan")
            call_command("load_region", "kota-binjai")
            call_command("demo_data", workers=options["workers"], seed=2025)
        call_command("demo_users")
        if options["no_serve"]:
            return
        worker = subprocess.Popen([sys.executable, "-m", "lindung.cli", "db_worker"])
        try:
            self.stdout.write(f"Lindung: http://{options['addr']}/  (Ctrl-C untuk berhenti)")
            call_command("runserver", options["addr"], use_reloader=False)
        finally:
            worker.terminate()
