"""Give every membership row of a chunk its payer account, opening the accounts a chunk is the first to need.

The region's accounts are loaded once per run into sorted arrays per payer code (employer, self-paying worker,
city programme) and a small dict for sponsors; a chunk's rows find theirs by id (``lookup.Lookup``). Rows whose
payer has no account yet get one, in the chunk's own transaction, so a first run needs no pass over all
memberships beforehand and a later run opens only what is new. Rows whose payer belongs to another region are
left out: that region's run bills them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from lindung.billing import rules_adapter as rules
from lindung.billing.models import BillingAccount
from lindung.billing.run import sql
from lindung.billing.run.columns import PG_HEADER, PG_TRAILER, Inputs, fill_rows, read_table, sqlite_insert_rows
from lindung.billing.run.invoices import PG_EPOCH_UTC
from lindung.billing.run.lookup import Lookup
from lindung.core.audit import audit_record
from lindung.registry.models import Membership, PayerKind

I64 = npt.NDArray[np.int64]
KEY_SHIFT: Final = 1 << 40  # payer code × KEY_SHIFT + reference: ids stay far below 2**40
#: Payer codes (sql.PAYER_CODE) → registry payer kind, and → the rules' funder code (employer, self, apbd, sponsor).
KINDS: Final = (PayerKind.EMPLOYER, PayerKind.SELF, PayerKind.CITY_PROGRAMME, PayerKind.SPONSOR)
FUNDER_OF_CODE: Final = np.asarray([0, 1, 2, 4], dtype=np.int8)
# Column positions of sql.columns().
ID, PAYER, EMPLOYER, WORKER, WORKER_REGION, EMPLOYER_REGION, SEGMENT, WAGE, RISK, PROGRAMS, BIRTH = range(11)
SECTOR, DEFERRAL = 11, 12
SPONSOR: Final = 3  # payer code of a sponsor-paid row
WIDTH: Final = 13  # columns of sql.columns()


def _lock_accounts() -> None:
    """One writer of new accounts at a time (SQLite's write transactions are serial already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {BillingAccount._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")


#: BillingAccount columns as the run inserts them.
ACCOUNT_COLUMNS: Final = "id, kind, ref, sponsor_name, region_id, employer_id, worker_id, created_at"


@dataclass
class NewAccounts:
    """Accounts to open: employer, self-paying worker and city programme ones as columns (payer code, reference,
    id), the few sponsor ones as rows."""

    codes: I64
    refs: I64
    ids: I64
    sponsors: list[tuple[Any, ...]]

    def __len__(self) -> int:
        return len(self.ids) + len(self.sponsors)


def _insert_accounts(new: NewAccounts, region_id: int) -> None:
    """Insert accounts as plain rows (the ORM's bulk_create costs more than the run's whole write)."""
    if not len(new):
        return
    table = BillingAccount._meta.db_table
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one binary COPY of columns, not a Python row per account
            with cursor.cursor.copy(f"COPY {table} ({ACCOUNT_COLUMNS}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.write(_pg_copy(new, region_id, now))
            if new.sponsors:
                with cursor.cursor.copy(f"COPY {table} ({ACCOUNT_COLUMNS}) FROM STDIN") as copy:
                    for row in new.sponsors:
                        copy.write_row((*row, now))
        else:
            values = np.empty((len(new), 8), dtype=object)
            n = len(new.ids)
            values[:n, 0] = new.ids.tolist()
            values[:n, 1] = [str(KINDS[c]) for c in new.codes.tolist()]
            values[:n, 2] = new.refs.tolist()
            values[:n, 3] = ""
            values[:n, 4] = region_id
            codes, refs = new.codes.tolist(), new.refs.tolist()
            values[:n, 5] = [r if c == 0 else None for c, r in zip(codes, refs, strict=True)]
            values[:n, 6] = [r if c == 1 else None for c, r in zip(codes, refs, strict=True)]
            if new.sponsors:
                values[n:, :7] = new.sponsors
            values[:, 7] = now
            sqlite_insert_rows(
                cursor, f"INSERT INTO {table} ({ACCOUNT_COLUMNS}) VALUES", "(%s, %s, %s, %s, %s, %s, %s, %s)", values
            )
    _bump_sequence()


def _pg_copy(new: NewAccounts, region_id: int, now: Any) -> bytes:
    """The binary COPY payload of the plain accounts, one fixed layout per payer code (which columns are null)."""
    micros = (now - PG_EPOCH_UTC) // dt.timedelta(microseconds=1)
    parts = [PG_HEADER]
    for code in range(3):
        rows = np.flatnonzero(new.codes == code)
        if len(rows) == 0:
            continue
        kind = str(KINDS[code]).encode()
        fields: list[tuple[str, str, Any]] = [
            ("id", ">i8", new.ids[rows]),
            ("kind", f"S{len(kind)}", kind),
            ("ref", ">i8", new.refs[rows]),
            ("sponsor", "S0", b""),
            ("region", ">i8", region_id),
            ("employer", ">i8" if code == 0 else "S0", new.refs[rows] if code == 0 else b""),
            ("worker", ">i8" if code == 1 else "S0", new.refs[rows] if code == 1 else b""),
            ("created", ">i8", micros),
        ]
        null = {"employer": code != 0, "worker": code != 1}
        layout: list[tuple[str, str]] = [("n", ">i2")]
        for name, kind_, _v in fields:  # a null or empty value is its length alone
            layout += [(f"l_{name}", ">i4")] + ([(name, kind_)] if np.dtype(kind_).itemsize else [])
        row = np.zeros(1, dtype=np.dtype(layout))  # the field count, widths and constants, once
        row["n"] = len(fields)
        varying: list[tuple[str, Any]] = []
        for name, kind_, value in fields:
            row[f"l_{name}"] = -1 if null.get(name) else np.dtype(kind_).itemsize
            if not np.dtype(kind_).itemsize:
                continue
            if np.ndim(value) == 0:
                row[name] = value
            else:
                varying.append((name, value))
        out = np.empty(len(rows), dtype=row.dtype)
        fill_rows(out, row, varying)
        parts.append(out.tobytes())
    return b"".join([*parts, PG_TRAILER])


def _bump_sequence() -> None:
    """Keep PostgreSQL's id sequence past the ids given by hand (SQLite follows the highest id itself)."""
    if connection.vendor == "postgresql":
        table = BillingAccount._meta.db_table
        with connection.cursor() as cursor:
            top = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
            cursor.execute(top)


SPONSOR_NAMES_SQL: Final = f"SELECT id, sponsor_name FROM {Membership._meta.db_table} WHERE id = ANY(%s::int8[])"  # noqa: S608


def _sponsor_names(ids: I64) -> dict[int, str]:
    """Sponsor names of these memberships. The ids go as one array literal on PostgreSQL: a list is bound id by
    id in Python, which cost more than the query (0.1 s a chunk of 200,000)."""
    if len(ids) == 0:
        return {}
    if connection.vendor != "postgresql":
        return dict(Membership.objects.filter(pk__in=ids.tolist()).order_by().values_list("pk", "sponsor_name"))
    with connection.cursor() as cursor:
        cursor.execute(SPONSOR_NAMES_SQL, ["{" + ",".join(map(str, ids.tolist())) + "}"])
        return dict(cursor.fetchall())


class Participants:
    """The active PU participants of the region's padat karya employers, per month, counted on first need.

    Only months where the discount is in force and only employers in a listed sector are counted, by one
    grouped query per month (``sql.participants_sql``); every other row keeps 0, which the engine never
    compares with the threshold.
    """

    def __init__(self, region_id: int) -> None:
        self.region_id = region_id
        self.by_month: dict[int, tuple[I64, I64]] = {}

    def _counts(self, month: int, codes: tuple[int, ...]) -> tuple[I64, I64]:
        if month not in self.by_month:
            period = rules.month_start(month)
            following = rules.month_start(month + 1)
            params: dict[str, Any] = {"region": self.region_id, "first_day": period}
            params["last_day"] = following - dt.timedelta(days=1)
            params |= {f"sector{i}": rules.SECTORS[code] for i, code in enumerate(codes)}
            table = read_table(sql.participants_sql(len(codes)), params, [8, 8])
            order = np.argsort(table[:, 0], kind="stable")
            self.by_month[month] = (table[order, 0], table[order, 1])
        return self.by_month[month]

    def warm(self, month: int) -> None:
        """Count ``month``'s participants now (on this thread's connection), so ``of`` needs no query for it."""
        codes = rules.labour_intensive_codes(month)
        if codes:
            self._counts(month, codes)

    def known(self, month: int) -> bool:
        """Whether ``of`` can answer for ``month`` without a query."""
        return month in self.by_month or not rules.labour_intensive_codes(month)

    def of(self, inputs: Inputs, months: npt.NDArray[np.int32]) -> npt.NDArray[np.int32]:
        """Each row's employer participants in its month, where the padat karya discount can apply; else 0."""
        out = np.zeros(len(inputs), dtype=np.int32)
        if len(inputs) == 0:
            return out
        pu = (inputs.segment == rules.PU) & (inputs.employer_id > 0)
        for month in np.unique(months).tolist():
            codes = rules.labour_intensive_codes(int(month))
            if not codes:
                continue
            rows = pu & (months == month) & np.isin(inputs.sector, codes)
            if rows.any():
                employers, counts = self._counts(int(month), codes)
                out[rows] = Lookup(employers, counts).find(inputs.employer_id[rows])
        return out


@dataclass
class AccountMap:
    region_id: int
    refs: list[I64]  # per payer code 0-2, sorted
    ids: list[I64]
    sponsors: dict[str, int]
    top: int  # the highest account id when the map was last brought up to date
    participants: Participants | None = None  # the run's participant counts (per month), made on first use
    #: Odd while accounts are being added, moved on by two each time: a chunk mapped on another thread
    #: (``mapped``) is used only if the map did not change meanwhile.
    version: int = 0
    lookups: tuple[Lookup, ...] = ()  # account ids by reference, per payer code 0-2 (``refs``, ``ids``)

    def __post_init__(self) -> None:
        self.lookups = tuple(Lookup(refs, ids) for refs, ids in zip(self.refs, self.ids, strict=True))

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
        lookups = self.lookups  # one snapshot: ``_extend`` replaces it whole (see ``version``)
        for code, column in ((0, EMPLOYER), (1, WORKER), (2, WORKER_REGION)):
            rows = np.flatnonzero(payer == code)
            if len(rows):
                account[rows] = lookups[code].find(table[rows, column])
        rows = np.flatnonzero(payer == SPONSOR)
        if len(rows):  # the account of each sponsor name, then of each row by its membership
            members = np.fromiter(names, dtype=np.int64, count=len(names))
            sponsors = self.sponsors
            by_name = np.fromiter((sponsors.get(n, 0) for n in names.values()), dtype=np.int64, count=len(names))
            account[rows] = Lookup(members, by_name).find(table[rows, ID])
        return account

    def _open(self, table: npt.NDArray[np.int64], names: dict[int, str]) -> None:
        """Open the accounts of the rows' payers and add them to the map.

        Ids are given here, in order of (payer code, reference) and then the sponsors in row order, after the
        highest existing id, under a table lock: an account number is part of every invoice code and virtual
        account, so a run killed and resumed must open the same ones an uninterrupted run would (a database
        sequence would skip the numbers of a rolled-back chunk).
        """
        payer = table[:, PAYER]
        ref = np.where(payer == 0, table[:, EMPLOYER], np.where(payer == 1, table[:, WORKER], table[:, WORKER_REGION]))
        plain = payer != 3
        keys = np.unique(payer[plain] * KEY_SHIFT + ref[plain])  # one sort of plain integers: code, then ref
        sponsors: dict[tuple[int, str], None] = {}
        for membership, region in table[~plain][:, [ID, WORKER_REGION]].tolist():
            sponsors.setdefault((region, names.get(membership, "")), None)
        self.version += 1  # odd: being changed
        try:
            self._open_locked(keys, sponsors)
        finally:
            self.version += 1

    def _open_locked(self, keys: I64, sponsors: dict[tuple[int, str], None]) -> None:
        _lock_accounts()
        # Only an account opened since the map was loaded (by another run of the region) can already exist.
        since = BillingAccount.objects.filter(region_id=self.region_id, pk__gt=self.top)
        found_keys, found_ids, found_sponsors = [], [], {}
        for pk, kind, ref_, name in since.values_list("pk", "kind", "ref", "sponsor_name"):
            if kind == PayerKind.SPONSOR:
                found_sponsors[(ref_, name)] = pk
            else:
                found_keys.append(KINDS.index(kind) * KEY_SHIFT + ref_)
                found_ids.append(pk)
        known = np.asarray(found_keys, dtype=np.int64)
        fresh = keys[~np.isin(keys, known)]
        next_id = (BillingAccount.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        new = NewAccounts(fresh // KEY_SHIFT, fresh % KEY_SHIFT, next_id + np.arange(len(fresh), dtype=np.int64), [])
        next_id += len(fresh)
        for region, name in sponsors:
            if (region, name) not in found_sponsors:
                found_sponsors[(region, name)] = next_id
                new.sponsors.append((next_id, str(PayerKind.SPONSOR), region, name, self.region_id, None, None))
                next_id += 1
        _insert_accounts(new, self.region_id)
        self.top = max(self.top, next_id - 1)
        audit_record(action="bulk_create", object_type="billing.BillingAccount", after={"count": len(new)})
        opened = np.concatenate([known, fresh])
        self._extend(opened, np.concatenate([np.asarray(found_ids, dtype=np.int64), new.ids]))
        for (_region, name), pk in found_sponsors.items():
            self.sponsors[name] = pk

    def _extend(self, keys: I64, ids: I64) -> None:
        """Add accounts (keys: payer code × ``KEY_SHIFT`` + reference) to the sorted arrays of their code."""
        for code in range(3):
            mine = keys // KEY_SHIFT == code
            all_refs = np.concatenate([self.refs[code], keys[mine] % KEY_SHIFT])
            all_ids = np.concatenate([self.ids[code], ids[mine]])
            order = np.argsort(all_refs, kind="stable")
            self.refs[code], self.ids[code] = all_refs[order], all_ids[order]
        self.lookups = tuple(Lookup(refs, ids) for refs, ids in zip(self.refs, self.ids, strict=True))

    def _mine(self, table: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        payer_region = np.where(table[:, PAYER] == 0, table[:, EMPLOYER_REGION], table[:, WORKER_REGION])
        rows = (payer_region == self.region_id) & ((table[:, PAYER] != 0) | (table[:, EMPLOYER] > 0))
        if bool(rows.all()):  # a city's run: usually every row (no copy)
            return table
        mine: npt.NDArray[np.int64] = table[rows]
        return mine

    def warm(self, month: int) -> None:
        """Make the participant counts of ``month`` (the run's) before chunks are mapped on another thread."""
        if self.participants is None:
            self.participants = Participants(self.region_id)
        self.participants.warm(month)

    def mapped(self, table: npt.NDArray[np.int64], month: int, names: dict[int, str]) -> tuple[Inputs, int] | None:
        """``inputs`` of a chunk on another thread (the read-ahead's, which read ``names``, the sponsor names of its
        sponsor-paid rows), with the map's ``version``; None where that would change the map (a payer without an
        account) or query on the run's connection (participants not counted yet), or while the map is changing."""
        version = self.version
        if version % 2 or self.participants is None or not self.participants.known(month):
            return None
        mine = self._mine(table)
        account = self._map(mine, names)
        if np.any(account == 0):
            return None
        return to_inputs(mine, account, self.participants), version

    def inputs(self, table: npt.NDArray[np.int64]) -> Inputs:
        """Typed input columns of this region's rows, each with its account (opened when missing)."""
        mine = self._mine(table)
        names = _sponsor_names(mine[mine[:, PAYER] == 3, ID])
        account = self._map(mine, names)
        if np.any(account == 0):
            self._open(mine[account == 0], names)
            account = self._map(mine, names)
        if self.participants is None:
            self.participants = Participants(self.region_id)
        return to_inputs(mine, account, self.participants)


def billed(table: npt.NDArray[np.int64], region_id: int) -> tuple[npt.NDArray[np.int64], int]:
    """The rows the monthly run bills, and how many of the region's workers' rows it does not (by segment)."""
    skipped = table[:, SEGMENT] == sql.NOT_BILLED
    if not skipped.any():
        return table, 0
    return table[~skipped], int(np.count_nonzero(skipped & (table[:, WORKER_REGION] == region_id)))


def to_inputs(table: npt.NDArray[np.int64], account: Any, counts: Participants | None = None) -> Inputs:
    inputs = Inputs(
        membership_id=table[:, ID].copy(),
        account_id=np.asarray(account, dtype=np.int64),
        segment=table[:, SEGMENT].astype(np.int8),
        wage=table[:, WAGE].copy(),
        risk_group=table[:, RISK].astype(np.int8),
        programs=table[:, PROGRAMS].astype(np.uint8),
        birth_month=table[:, BIRTH].astype(np.int32),
        funded_by=FUNDER_OF_CODE[table[:, PAYER]],
        sector=table[:, SECTOR].astype(np.int8),
        jp_deferral=table[:, DEFERRAL].astype(np.int8),
        participants=np.zeros(len(table), dtype=np.int32),
        employer_id=table[:, EMPLOYER].copy(),
    )
    return inputs.with_counts(counts)
