import datetime as dt
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import timezone

from lindung.core.audit import audit_context
from lindung.core.models import Region
from lindung.demo.generator import demo_data_generate


@contextmanager
def console_warnings_only(enabled: bool = True) -> Iterator[None]:
    """Keep the services' INFO lines (each billing run, coverage refresh) off the console while the demo prints
    its own progress; warnings and errors still show. Handlers writing to files keep everything."""
    handlers = [
        h for h in logging.getLogger().handlers
        if enabled and isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)
    ]  # fmt: skip

    def warnings_and_above(record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING

    for handler in handlers:
        handler.addFilter(warnings_and_above)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(warnings_and_above)


class Command(BaseCommand):
    help = "Generate the synthetic demo dataset (deterministic for --seed and --as-of) for the region."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--workers", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--region", default=settings.LINDUNG_REGION)
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"Region {options['region']} is not loaded: run `lindung load_region kota-medan` first.")
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        if region.workers.exists():
            raise CommandError(f"{region.name} already has workers: demo data is generated only once per database.")
        started = time.perf_counter()
        # DEBUG keeps every query's SQL and parameters in memory (millions here): not for a bulk load.
        # -v 2 shows the services' own log lines too.
        quiet = console_warnings_only(options["verbosity"] < 2)
        with override_settings(DEBUG=False), audit_context(label="demo-data"), quiet:
            ctx = demo_data_generate(
                region=region,
                workers=options["workers"],
                seed=options["seed"],
                as_of=options["as_of"] or timezone.localdate(),
                log=self.stdout.write,
            )
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in ctx.made["seconds"].items())
        self.stdout.write(f"steps: {steps}")
        self.stdout.write(f"demo data: {options['workers']:,} workers in {time.perf_counter() - started:.1f} s")
