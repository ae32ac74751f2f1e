"""The audit log records every write with its actor, keeps identifiers out, and detects tampering."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from lindung.core.audit import AuditNote, audit_context, audit_record, audit_record_many, audit_verify
from lindung.core.models import AuditEntry, AuditHead
from lindung.registry.models import Worker
from tests.factories import World, make_worker

pytestmark = pytest.mark.django_db


def test_a_save_is_recorded_with_actor_reason_and_before_after(world: World) -> None:
    worker = world.worker
    with audit_context(user=world.users["coordinator"], reason="koreksi alamat"):
        worker.address = "Jl. Uji No. 1"
        worker.save()
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.actor_label, entry.reason) == ("update", "koordinator", "koreksi alamat")
    assert entry.object_type == "registry.Worker" and entry.object_id == str(worker.pk)
    assert entry.before["address"] == "" and entry.after["address"] == "Jl. Uji No. 1"


def test_nik_and_phone_never_reach_the_audit_log(world: World) -> None:
    make_worker(world.medan, "1271019999990009", "Rahasia Uji")
    dump = " ".join(str(e.before) + str(e.after) for e in AuditEntry.objects.all())
    assert "1271019999990009" not in dump
    assert "nik_cipher" not in dump and "nik_index" not in dump and "phone_cipher" not in dump


def test_an_unchanged_save_records_nothing(world: World) -> None:
    count = AuditEntry.objects.count()
    Worker.objects.get(pk=world.worker.pk).save()
    assert AuditEntry.objects.count() == count


def test_verify_accepts_an_intact_chain(world: World) -> None:
    result = audit_verify()
    assert result.ok and result.checked == AuditEntry.objects.count() >= 10


def _edit(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "tamper",
    ["edit_content", "delete_middle", "delete_newest", "rehash_edit"],
)
def test_verify_detects_tampering(world: World, tamper: str) -> None:
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    middle, newest = ids[len(ids) // 2], ids[-1]
    if tamper == "edit_content":
        _edit("UPDATE core_auditentry SET reason = %s WHERE id = %s", ["diubah diam-diam", middle])
    elif tamper == "delete_middle":
        _edit("DELETE FROM core_auditentry WHERE id = %s", [middle])
    elif tamper == "delete_newest":
        _edit("DELETE FROM core_auditentry WHERE id = %s", [newest])
    else:  # edit and recompute this entry's own hash: the next entry's link still breaks
        entry = AuditEntry.objects.get(pk=middle)
        from lindung.core.audit import _entry_hash, _payload

        entry.reason = "dipalsukan"
        _edit(
            "UPDATE core_auditentry SET reason = %s, entry_hash = %s WHERE id = %s",
            ["dipalsukan", _entry_hash(entry.prev_hash, _payload(entry)), middle],
        )
    result = audit_verify()
    assert not result.ok
    with pytest.raises(CommandError, match="INVALID"):
        call_command("audit_verify")


def test_verify_command_reports_ok(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("audit_verify")
    assert "chain intact" in capsys.readouterr().out


def test_database_refuses_update_and_delete_of_audit_entries(world: World) -> None:
    """The append-only guard of migration 0003, installed here because the suite flushes tables elsewhere."""
    from importlib import import_module

    migration = import_module("lindung.core.migrations.0003_audit_append_only")
    statements = {"sqlite": migration.SQLITE, "postgresql": migration.POSTGRES}[connection.vendor]
    audit_record(action="note", object_type="test")
    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        for sql in ("UPDATE core_auditentry SET reason = 'x'", "DELETE FROM core_auditentry"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                _edit(sql, [])
        transaction.set_rollback(True)


def test_head_tracks_the_newest_entry(world: World) -> None:
    entry = audit_record(action="note", object_type="test", reason="uji")
    head = AuditHead.objects.get()
    assert head.last_id == entry.pk and head.last_hash == entry.entry_hash


def _bulk_notes(n: int) -> list[AuditNote]:
    return [AuditNote("create", "test.Bulk", str(i), after={"n": i, "label": f"baris {i}"}) for i in range(n)]


def test_a_bulk_written_chain_verifies_and_links_to_single_entries(world: World) -> None:
    before = audit_record(action="note", object_type="test")
    with audit_context(user=world.users["coordinator"], reason="unggah massal"):
        entries = audit_record_many(_bulk_notes(1_500))  # more than one insert batch
    after = audit_record(action="note", object_type="test")
    assert entries[0].prev_hash == before.entry_hash and after.prev_hash == entries[-1].entry_hash
    stored = list(AuditEntry.objects.filter(object_type="test.Bulk").order_by("id"))
    assert [e.object_id for e in stored] == [str(i) for i in range(1_500)]
    assert {(e.actor_label, e.reason) for e in stored} == {("koordinator", "unggah massal")}
    head = AuditHead.objects.get()
    assert (head.last_id, head.count) == (after.pk, AuditEntry.objects.count())
    assert audit_verify().ok
    assert audit_record_many([]) == []


@pytest.mark.parametrize("tamper", ["edit_content", "delete_middle", "delete_newest"])
def test_a_tampered_bulk_written_chain_does_not_verify(world: World, tamper: str) -> None:
    entries = audit_record_many(_bulk_notes(50))
    middle, newest = entries[25].pk, entries[-1].pk
    if tamper == "edit_content":
        _edit("UPDATE core_auditentry SET after = %s WHERE id = %s", ['{"n": 999}', middle])
    elif tamper == "delete_middle":
        _edit("DELETE FROM core_auditentry WHERE id = %s", [middle])
    else:
        _edit("DELETE FROM core_auditentry WHERE id = %s", [newest])
    result = audit_verify()
    assert not result.ok and result.entry_id in {middle, middle + 1, newest - 1}
