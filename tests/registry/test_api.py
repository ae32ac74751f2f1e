"""The registry API: in the OpenAPI schema, within each role's scope, 404 outside it, NIK masked only."""

from __future__ import annotations

import json

from django.test import Client

from lindung.registry.models import ImportJob, Membership
from tests.factories import World
from tests.registry import files
from tests.registry.files import GOOD_ROWS

API = "/api/v1"


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_schema_lists_the_registry_endpoints(world: World) -> None:
    paths = _client(world, "coordinator").get(f"{API}/openapi.json").json()["paths"]
    for path in (
        "/api/v1/employers",
        "/api/v1/workers",
        "/api/v1/memberships",
        "/api/v1/imports",
        "/api/v1/imports/{job_id}/confirm",
    ):
        assert path in paths


def test_workers_are_searched_within_scope_and_masked(world: World) -> None:
    found = _client(world, "coordinator").get(f"{API}/workers", {"q": "1271011708900001"}).json()
    assert [w["nik_masked"] for w in found] == ["1271********0001"]
    assert "1271011708900001" not in json.dumps(found) and "nik_cipher" not in found[0]
    assert _client(world, "employer").get(f"{API}/workers", {"q": "Tono"}).json() == []
    assert _client(world, "coordinator").get(f"{API}/workers/{world.foreign_worker.pk}").status_code == 404
    assert _client(world, "coordinator").get(f"{API}/workers").status_code == 422  # search first


def test_memberships_as_of_and_registration(registry_world: World) -> None:
    client = _client(registry_world, "employer")
    rows = client.get(f"{API}/memberships", {"worker_id": registry_world.worker.pk, "as_of": "2025-06-01"}).json()
    assert [r["programs"] for r in rows] == [["JKK", "JKM"]]
    payload = {
        "worker_id": registry_world.other_worker.pk,
        "payer_kind": "employer",
        "segment": "PU",
        "employer_id": registry_world.employer.pk,
        "wage": 4_500_000,
        "valid_from": "2026-01-01",
    }
    assert client.post(f"{API}/memberships", payload, content_type="application/json").status_code == 404
    payload["worker_id"] = registry_world.worker.pk
    refused = client.post(f"{API}/memberships", payload, content_type="application/json")
    assert refused.status_code == 422 and "Ubah upahnya" in refused.json()["detail"]
    auditor = _client(registry_world, "auditor").post(f"{API}/memberships", payload, content_type="application/json")
    assert auditor.status_code == 403
    assert Membership.objects.filter(worker=registry_world.worker).count() == 1


def test_import_upload_preview_and_confirm_over_the_api(registry_world: World) -> None:
    client = _client(registry_world, "coordinator")
    data = files.csv_bytes(GOOD_ROWS)
    from django.core.files.uploadedfile import SimpleUploadedFile

    created = client.post(f"{API}/imports", {"kind": "employer_workers", "file": SimpleUploadedFile("a.csv", data)})
    assert created.status_code == 201 and created.json()["status"] == "validated"
    job_id = created.json()["id"]
    again = client.post(f"{API}/imports", {"kind": "employer_workers", "file": SimpleUploadedFile("b.csv", data)})
    assert again.status_code == 200 and again.json()["id"] == job_id
    done = client.post(f"{API}/imports/{job_id}/confirm", {"mode": "all_or_nothing"}, content_type="application/json")
    assert done.json()["status"] == "done" and done.json()["created_workers"] == 3
    assert _client(registry_world, "employer").get(f"{API}/imports/{job_id}").status_code == 404
    assert ImportJob.objects.count() == 1
    # The same workers in another file: nothing to create, each row information (not a warning), counted apart.
    second = client.post(
        f"{API}/imports", {"kind": "employer_workers", "file": SimpleUploadedFile("c.csv", data + b"\r\n")}
    )
    body = second.json()
    assert second.status_code == 201 and (body["warning_rows"], body["info_rows"], body["error_rows"]) == (0, 3, 0)
    issues = client.get(f"{API}/imports/{body['id']}/issues").json()
    assert {issue["severity"] for issue in issues} == {"info"} and len(issues) == 3
