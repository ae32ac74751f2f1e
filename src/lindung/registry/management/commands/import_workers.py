"""`lindung import workers FILE`: validate a worker list, show its problems, import it with a progress bar."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from lindung.core.audit import audit_context
from lindung.core.models import Agency
from lindung.core.scoping import scope_for, scoped
from lindung.registry.imports import report, service
from lindung.registry.imports.messages import describe
from lindung.registry.models import ImportKind, ImportMode, ImportStatus
from lindung.registry.selectors import user_agency, user_region

SHOWN = 20


class Command(BaseCommand):
    help = "Import a worker list (XLSX or CSV) as a user, within that user's scope: validate, then import."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username whose role and scope the import uses")
        parser.add_argument("--kind", choices=ImportKind.values, default=ImportKind.EMPLOYER_WORKERS)
        parser.add_argument("--agency", help="agency code proposing the workers (agency lists, coordinator only)")
        parser.add_argument("--valid-rows", action="store_true", help="import the valid rows even if others fail")
        parser.add_argument("--dry-run", action="store_true", help="validate only; import nothing")
        parser.add_argument("--errors", type=Path, help="write the problem workbook (XLSX) here")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None or scope_for(user) is None:
            raise CommandError(f"user {options['user']!r} does not exist or has no role with a scope")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with audit_context(user=user, label="cli-import"):
            job = self._validate(user, path, options)
            if options["dry_run"] or job.status != ImportStatus.VALIDATED:
                raise SystemExit(0 if job.status == ImportStatus.VALIDATED else 1)
            self._import(job, options)

    def _agency(self, user: Any, code: str | None) -> Agency | None:
        agency = user_agency(user)
        if agency is None and code:
            agency = scoped(Agency.objects.all(), user).filter(code=code).first()
            if agency is None:
                raise CommandError(f"agency {code!r} is not in {user.username}'s scope")
        return agency

    def _validate(self, user: Any, path: Path, options: dict[str, Any]) -> Any:
        agency = self._agency(user, options["agency"]) if options["kind"] == ImportKind.AGENCY_PROPOSALS else None
        try:
            upload = service.import_job_create(
                user=user,
                kind=options["kind"],
                region=user_region(user),
                file_name=path.name,
                data=path.read_bytes(),
                agency=agency,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        job = upload.job
        if upload.duplicate and job.status != ImportStatus.VALIDATED:
            self.stdout.write(f"same file already sent as job #{job.pk} ({job.get_status_display()}): nothing new")
            raise SystemExit(0)
        if not upload.duplicate:  # a validated, unconfirmed job of the same file is picked up where it stopped
            self.stderr.write("validating …")
            job = service.import_job_validate(job=job)
        self._summary(job, options.get("errors"))
        return job

    def _summary(self, job: Any, errors_path: Path | None) -> None:
        self.stdout.write(
            f"job #{job.pk}: {job.get_status_display()} — {job.total_rows} rows, {job.valid_rows} valid, "
            f"{job.error_rows} with errors, {job.unchanged_rows} already registered"
        )
        for issue in job.file_issues:
            self.stdout.write(f"  file: {describe(issue['code'], issue.get('params'))[0]}")
        for issue in job.issues.order_by("row", "id")[:SHOWN]:
            message, fix = describe(issue.code, issue.params)
            self.stdout.write(f"  row {issue.row} {issue.column} [{issue.value}]: {message} {fix}")
        if errors_path is not None:
            shutil.move(report.issues_xlsx(job), errors_path)
            self.stdout.write(f"problems written to {errors_path}")

    def _import(self, job: Any, options: dict[str, Any]) -> None:
        mode = ImportMode.VALID_ROWS if options["valid_rows"] else ImportMode.ALL_OR_NOTHING
        try:
            job = service.import_job_confirm(job=job, mode=mode)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        with tqdm(total=job.valid_rows, unit="rows", file=self.stderr._out, disable=None) as bar:

            def advance(done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            job = service.import_job_run(job=job, on_progress=advance)
        self.stdout.write(f"imported: {job.created_workers} new workers, {job.created_memberships} new memberships")
