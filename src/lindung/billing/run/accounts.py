"""Give every membership row of a chunk its payer account, opening the accounts a chunk is the first to need.

The region's accounts are loaded once per run into sorted arrays per payer code (employer, self-paying worker,
city programme) and a small dict for sponsors; a chunk's rows find theirs by ``numpy.searchsorted``. Rows whose
payer has no account yet get one, in the chunk's own transaction, so a first run needs no pass over all
memberships beforehand and a later run opens only what is new. Rows whose payer belongs to another region are
left out: that region's run bills them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from lindung.billing.models import BillingAccount
from lindung.billing.run import sql
from lindung.billing.run.columns import Inputs, read_table, sqlite_insert_rows
from lindung.core.audit import audit_record
from lindung.registry.models import Membership, PayerKind

I64 = npt.NDArray[np.int64]
KEY_SHIFT: Final = 1 << 40  # payer code × KEY_SHIFT + reference: ids stay far below 2**40
#: Payer codes (sql.PAYER_CODE) → registry payer kind, and → the rules' funder code (employer, self, apbd, sponsor).
KINDS: Final = (PayerKind.EMPLOYER, PayerKind.SELF, PayerKind.CITY_PROGRAMME, PayerKind.SPONSOR)
FUNDER_OF_CODE: Final = np.asarray([0, 1, 2, 4], dtype=np.int8)
# Column positions of sql.columns().
ID, PAYER, EMPLOYER, WORKER, WORKER_REGION, EMPLOYER_REGION, SEGMENT, WAGE, RISK, PROGRAMS, BIRTH = range(11)


def _lookup(refs: I64, ids: I64, keys: I64) -> I64:
    if len(refs) == 0:
        return np.zeros(len(keys), dtype=np.int64)
    index = np.clip(np.searchsorted(refs, keys), 0, len(refs) - 1)
    found: I64 = np.where(refs[index] == keys, ids[index], 0)
    return found


def _lock_accounts() -> None:
    """One writer of new accounts at a time (SQLite's write transactions are serial already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {BillingAccount._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")


def _insert_accounts(rows: list[tuple[Any, ...]]) -> None:
    """Insert accounts as plain rows (the ORM's bulk_create costs more than the run's whole write)."""
    if not rows:
        return
    table = BillingAccount._meta.db_table
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = "id, kind, ref, sponsor_name, region_id, employer_id, worker_id, created_at"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one COPY, not one round trip per account
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, now))
        else:
            values = np.empty((len(rows), 8), dtype=object)
            values[:, :7] = rows
            values[:, 7] = now
            sqlite_insert_rows(
                cursor, f"INSERT INTO {table} ({columns}) VALUES", "(%s, %s, %s, %s, %s, %s, %s, %s)", values
            )
    _bump_sequence()


def _bump_sequence() -> None:
    """Keep PostgreSQL's id sequence past the ids given by hand (SQLite follows the highest id itself)."""
    if connection.vendor == "postgresql":
        table = BillingAccount._meta.db_table
        with connection.cursor() as cursor:
            top = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
            cursor.execute(top)


def _sponsor_names(ids: I64) -> dict[int, str]:
    return dict(Membership.objects.filter(pk__in=ids.tolist()).order_by().values_list("pk", "sponsor_name"))


@dataclass
class AccountMap:
    region_id: int
    refs: list[I64]  # per payer code 0-2, sorted
    ids: list[I64]
    sponsors: dict[str, int]
    top: int  # the highest account id when the map was last brought up to date

    @classmethod
    def load(cls, region_id: int) -> AccountMap:
        table = read_table(sql.accounts_sql(), {"region": region_id}, [4, 8, 8])
        refs, ids = [], []
        for code in range(3):
            rows = table[table[:, 0] == code]
            order = np.argsort(rows[:, 1], kind="stable")
            refs.append(rows[order, 1])
            ids.append(rows[order, 2])
        sponsors = dict(
            BillingAccount.objects.filter(region_id=region_id, kind=PayerKind.SPONSOR).values_list("sponsor_name", "pk")
        )
        top = BillingAccount.objects.aggregate(top=Max("pk"))["top"] or 0
        return cls(region_id, refs, ids, sponsors, top)

    def _map(self, table: npt.NDArray[np.int64], names: dict[int, str]) -> I64:
        payer = table[:, PAYER]
        account = np.zeros(len(table), dtype=np.int64)
        for code, column in ((0, EMPLOYER), (1, WORKER), (2, WORKER_REGION)):
            mask = payer == code
            account[mask] = _lookup(self.refs[code], self.ids[code], table[mask, column])
        for i in np.flatnonzero(payer == 3).tolist():
            account[i] = self.sponsors.get(names.get(int(table[i, ID]), ""), 0)
        return account

    def _wanted(self, table: npt.NDArray[np.int64], names: dict[int, str]) -> dict[tuple[str, int, str], int]:
        """(kind, ref, sponsor) → payer code of the rows' payers, ordered by code and reference."""
        payer = table[:, PAYER]
        ref = np.where(payer == 0, table[:, EMPLOYER], np.where(payer == 1, table[:, WORKER], table[:, WORKER_REGION]))
        plain = payer != 3
        keys = np.unique(payer[plain] * KEY_SHIFT + ref[plain])  # one sort of plain integers: code, then ref
        wanted = {(str(KINDS[k // KEY_SHIFT]), k % KEY_SHIFT, ""): k // KEY_SHIFT for k in keys.tolist()}
        for membership, region in table[~plain][:, [ID, WORKER_REGION]].tolist():
            wanted.setdefault((str(PayerKind.SPONSOR), region, names.get(membership, "")), 3)
        return wanted

    def _open(self, table: npt.NDArray[np.int64], names: dict[int, str]) -> None:
        """Open the accounts of the rows' payers and add them to the map.

        Ids are given here, in row order after the highest existing id, under a table lock: an account number
        is part of every invoice code and virtual account, so a run killed and resumed must open the same ones
        an uninterrupted run would (a database sequence would skip the numbers of a rolled-back chunk).
        """
        wanted = self._wanted(table, names)
        _lock_accounts()
        # Only an account opened since the map was loaded (by another run of the region) can already exist.
        since = BillingAccount.objects.filter(region_id=self.region_id, pk__gt=self.top)
        found = {(k, r, n): pk for pk, k, r, n in since.values_list("pk", "kind", "ref", "sponsor_name")}
        next_id = (BillingAccount.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        rows: list[tuple[Any, ...]] = []
        for (kind, ref, name), code in wanted.items():
            if (kind, ref, name) not in found:
                found[(kind, ref, name)] = next_id
                rows.append(
                    (
                        next_id,
                        str(kind),
                        ref,
                        name,
                        self.region_id,
                        ref if code == 0 else None,
                        ref if code == 1 else None,
                    )
                )
                next_id += 1
        _insert_accounts(rows)
        self.top = max(self.top, next_id - 1)
        audit_record(action="bulk_create", object_type="billing.BillingAccount", after={"count": len(rows)})
        self._extend(wanted, found)

    def _extend(self, wanted: dict[tuple[str, int, str], int], found: dict[tuple[str, int, str], int]) -> None:
        added: list[tuple[list[int], list[int]]] = [([], []), ([], []), ([], [])]
        for (kind, ref, name), code in wanted.items():
            if code == 3:
                self.sponsors[name] = found[(kind, ref, name)]
            else:
                added[code][0].append(ref)
                added[code][1].append(found[(kind, ref, name)])
        for code, (refs, ids) in enumerate(added):
            all_refs = np.concatenate([self.refs[code], np.asarray(refs, dtype=np.int64)])
            all_ids = np.concatenate([self.ids[code], np.asarray(ids, dtype=np.int64)])
            order = np.argsort(all_refs, kind="stable")
            self.refs[code], self.ids[code] = all_refs[order], all_ids[order]

    def inputs(self, table: npt.NDArray[np.int64]) -> Inputs:
        """Typed input columns of this region's rows, each with its account (opened when missing)."""
        payer_region = np.where(table[:, PAYER] == 0, table[:, EMPLOYER_REGION], table[:, WORKER_REGION])
        mine = table[(payer_region == self.region_id) & ((table[:, PAYER] != 0) | (table[:, EMPLOYER] > 0))]
        names = _sponsor_names(mine[mine[:, PAYER] == 3, ID])
        account = self._map(mine, names)
        if np.any(account == 0):
            self._open(mine[account == 0], names)
            account = self._map(mine, names)
        return to_inputs(mine, account)


def billed(table: npt.NDArray[np.int64], region_id: int) -> tuple[npt.NDArray[np.int64], int]:
    """The rows the monthly run bills, and how many of the region's workers' rows it does not (by segment)."""
    skipped = table[:, SEGMENT] == sql.NOT_BILLED
    if not skipped.any():
        return table, 0
    return table[~skipped], int(np.count_nonzero(skipped & (table[:, WORKER_REGION] == region_id)))


def to_inputs(table: npt.NDArray[np.int64], account: Any) -> Inputs:
    return Inputs(
        membership_id=table[:, ID].copy(),
        account_id=np.asarray(account, dtype=np.int64),
        segment=table[:, SEGMENT].astype(np.int8),
        wage=table[:, WAGE].copy(),
        risk_group=table[:, RISK].astype(np.int8),
        programs=table[:, PROGRAMS].astype(np.uint8),
        birth_month=table[:, BIRTH].astype(np.int32),
        funded_by=FUNDER_OF_CODE[table[:, PAYER]],
    )
