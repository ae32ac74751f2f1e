"""The binary COPY payloads of lines, invoices and accounts, built a block of rows at a time (``fill_rows``), hold
exactly the rows a field-by-field build gives, at every size around the block's edges."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.billing.run import columns, invoices
from lindung.billing.run.columns import FILL_BLOCK, LINE_LAYOUT, PG_HEADER, PG_TRAILER, fill_rows, lines_to_copy

SIZES = st.one_of(
    st.sampled_from([0, 1, FILL_BLOCK - 1, FILL_BLOCK, FILL_BLOCK + 1, 2 * FILL_BLOCK + 7]),
    st.integers(0, 3 * FILL_BLOCK),
)


def _naive(row: np.ndarray, n: int, values: list[tuple[str, np.ndarray]]) -> bytes:
    table = np.repeat(row, n)
    for name, column in values:
        table[name] = column
    return table.tobytes()


@settings(max_examples=30, deadline=None)
@given(n=SIZES, seed=st.integers(0, 2**32 - 1))
def test_fill_rows_equals_a_field_by_field_build(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    row = np.zeros(1, dtype=[("n", ">i2"), ("a", ">i8"), ("text", "S3"), ("b", ">i4"), ("c", ">i2")])
    row["n"], row["text"], row["c"] = 4, b"PU ", -7  # constants in the template row
    values = [("a", rng.integers(-(2**62), 2**62, n)), ("b", rng.integers(-(2**31), 2**31, n).astype(np.int32))]
    out = np.empty(n, dtype=row.dtype)
    out.view(np.uint8)[:] = 0xAB  # whatever was in the memory must not show through
    fill_rows(out, row, values)
    assert out.tobytes() == _naive(row, n, values)


@settings(max_examples=15, deadline=None)
@given(n=SIZES, seed=st.integers(0, 2**32 - 1))
def test_line_payload_parses_back_to_its_columns(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    lines = {name: rng.integers(-(2**15), 2**15, n).astype(kind) for name, kind, _w in LINE_LAYOUT}
    payload = bytes(lines_to_copy(lines))
    assert payload.startswith(PG_HEADER) and payload.endswith(PG_TRAILER)
    parsed = np.frombuffer(payload[len(PG_HEADER) : len(payload) - len(PG_TRAILER)], dtype=columns._line_row().dtype)
    assert len(parsed) == n
    assert (parsed["n"] == len(LINE_LAYOUT)).all()
    for i, (name, _kind, width) in enumerate(LINE_LAYOUT):
        assert (parsed[f"l{i}"] == width).all(), name
        assert np.array_equal(parsed[f"v{i}"].astype(np.int64), lines[name].astype(np.int64)), name


@pytest.mark.parametrize("n", [0, 1, 5, FILL_BLOCK + 3])
def test_invoice_payload_holds_each_invoice_once_in_index_order(n: int) -> None:
    rng = np.random.default_rng(n)
    account = np.arange(1, n + 1, dtype=np.int64) * 3
    values = rng.integers(-1000, 10**9, (n, len(invoices.SUMS))).astype(np.int64)
    values[:, 0] = rng.integers(0, 2, n)  # 0: PU, 1: BPU
    values[:, 10] = rng.integers(1, 9, n)  # lines
    segment = np.where(values[:, 0] == 0, "PU", "BPU")
    status = np.array(["open", "paid", "credit"])[rng.integers(0, 3, n)]
    dues = (dt.date(2026, 3, 15), dt.date(2026, 3, 15))
    now = dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)
    payload = bytes(
        invoices._pg_copy(account, values, segment, status, head=(dt.date(2026, 2, 1), 7, 12), dues=dues, now=now)
    )
    assert payload.startswith(PG_HEADER) and payload.endswith(PG_TRAILER)
    body = payload[len(PG_HEADER) : len(payload) - len(PG_TRAILER)]
    # Walk the rows field by field (the widths vary with the text fields) and read each invoice's account,
    # amount due and status back.
    seen: list[tuple[int, int, str]] = []
    at = 0
    while at < len(body):
        count = int.from_bytes(body[at : at + 2], "big")
        at += 2
        fields = []
        for _ in range(count):
            width = int.from_bytes(body[at : at + 4], "big", signed=True)
            fields.append(body[at + 4 : at + 4 + width])
            at += 4 + width
        seen.append(
            (int.from_bytes(fields[0], "big"), int.from_bytes(fields[14], "big", signed=True), fields[17].decode())
        )
    expected = sorted(zip(account.tolist(), values[:, 9].tolist(), status.tolist(), strict=True))
    assert sorted(seen) == expected
    order = [invoices.STATES.index(state) for _a, _v, state in seen]
    assert order == sorted(order)  # statuses in the (region, status, due date) index's order
