"""`lindung demo`: the whole demo in one command (used by `make demo`)."""

import hashlib
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
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
        self.collect_static()
        worker = subprocess.Popen([sys.executable, "-m", "lindung.cli", "db_worker"])
        # A SIGTERM (a service manager, `kill`) ends the demo as Ctrl-C does: the task worker stops with it.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            self.stdout.write(f"Lindung: http://{options['addr']}/  (Ctrl-C untuk berhenti)")
            # WhiteNoise (settings.MIDDLEWARE) serves the collected, precompressed files instead of runserver.
            call_command("runserver", options["addr"], use_reloader=False, use_static_handler=False)
        finally:
            worker.terminate()
            worker.wait(timeout=30)

    def collect_static(self) -> None:
        """Collect and precompress the static files when they changed, so the demo sends plotly.js compressed.

        Brotli at its best level takes about 20 s per copy of plotly.min.js (the file and its hashed name), so
        an unchanged set of sources (paths, sizes, times) is not collected again.
        """
        stamp = Path(settings.VAR_DIR) / ".static_collected"
        ignore = list(getattr(apps.get_app_config("staticfiles"), "ignore_patterns", []))  # widgetbundle.js too
        sources = hashlib.sha256()
        for finder in finders.get_finders():
            for path, storage in finder.list(ignore):
                stat = Path(storage.path(path)).stat()
                sources.update(f"{getattr(storage, 'prefix', '')}/{path} {stat.st_size} {stat.st_mtime_ns}\n".encode())
        fingerprint = sources.hexdigest()
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if manifest.exists() and stamp.exists() and stamp.read_text() == fingerprint:
            return
        self.stdout.write("Menyiapkan dan memampatkan berkas statis (hanya bila berubah) …")
        # clear: collectstatic skips a source not newer than its copy, and an upgraded package's files can be older.
        call_command("collectstatic", interactive=False, verbosity=0, clear=True)
        stamp.write_text(fingerprint)
