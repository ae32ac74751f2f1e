"""Files of an import between upload and confirmation, encrypted at rest, and the progress of a running job.

The uploaded file and the validated plan both hold NIKs in clear, so they are written encrypted with the
field keys (``LINDUNG_FIELD_KEYS``) under ``VAR_DIR/imports`` and removed when the job ends. Progress is a
small JSON file, readable by the web process while the task worker holds the database transaction.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import secrets
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings

from lindung.core import crypto


def directory() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _write(name: str, data: bytes) -> None:
    # Fernet over the whole file: the field keys protect files exactly as they protect NIK columns.
    token = crypto.encrypt_bytes(data)
    path = directory() / name
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(token)
    tmp.chmod(0o600)
    os.replace(tmp, path)


def _read(name: str) -> bytes:
    return crypto.decrypt_bytes((directory() / name).read_bytes())


def new_name(suffix: str) -> str:
    return f"{secrets.token_hex(12)}.{suffix}"


def upload_save(data: bytes) -> str:
    name = new_name("upload")
    _write(name, data)
    return name


def upload_load(name: str) -> bytes:
    return _read(name)


def plan_save(plan: pl.DataFrame) -> str:
    buffer = io.BytesIO()
    plan.write_parquet(buffer, compression="zstd")
    name = new_name("plan")
    _write(name, buffer.getvalue())
    return name


def plan_load(name: str) -> pl.DataFrame:
    return pl.read_parquet(io.BytesIO(_read(name)))


def remove(name: str) -> None:
    if name:
        (directory() / name).unlink(missing_ok=True)


def _progress_path(job_id: int) -> Path:
    return directory() / f"job-{job_id}.progress.json"


def progress_report(job_id: int, *, phase: str, done: int, total: int) -> None:
    path = _progress_path(job_id)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"phase": phase, "done": done, "total": total}))
    os.replace(tmp, path)


def progress_read(job_id: int) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(_progress_path(job_id).read_text())
    except (OSError, ValueError):
        return {"phase": "", "done": 0, "total": 0, "percent": 0}
    total = max(int(data.get("total", 0)), 1)
    data["percent"] = min(100, round(100 * int(data.get("done", 0)) / total))
    return data


def progress_time(job_id: int) -> dt.datetime | None:
    """When the job last reported progress: its heartbeat while it writes in one long transaction."""
    try:
        return dt.datetime.fromtimestamp(_progress_path(job_id).stat().st_mtime, tz=dt.UTC)
    except OSError:
        return None


def progress_clear(job_id: int) -> None:
    _progress_path(job_id).unlink(missing_ok=True)
