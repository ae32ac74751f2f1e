"""Id look-ups of the billing run (``run.lookup``): direct addressing where ids are dense, binary search where
they are not, and both give the position of every id that is there and -1 for every id that is not."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lindung.billing.run.lookup import DENSE, SLACK, IdIndex, Lookup, unique_sorted

ids_lists = st.lists(st.integers(0, 300_000), unique=True, max_size=300)
keys_lists = st.lists(st.integers(-5, 400_000), max_size=300)


def _expected(ids: list[int], keys: list[int]) -> list[int]:
    where = {v: i for i, v in enumerate(sorted(ids))}
    return [where.get(k, -1) for k in keys]


@settings(max_examples=300, deadline=None)
@given(ids_lists, keys_lists)
def test_positions_are_those_of_a_dictionary_whatever_the_density(ids: list[int], keys: list[int]) -> None:
    index = IdIndex(np.asarray(sorted(ids), dtype=np.int64))
    assert index.of(np.asarray(keys, dtype=np.int64)).tolist() == _expected(ids, keys)


def test_dense_ids_are_addressed_directly_and_sparse_ones_searched() -> None:
    dense = IdIndex(np.arange(1, 1001, dtype=np.int64))
    sparse = IdIndex(np.asarray([1, DENSE * 3 + SLACK + 10, 10**12], dtype=np.int64))
    assert dense.slots is not None and sparse.slots is None
    keys = np.asarray([0, 1, 500, 1000, 1001, 10**12], dtype=np.int64)
    assert dense.of(keys).tolist() == [-1, 0, 499, 999, -1, -1]
    assert sparse.of(keys).tolist() == [-1, 0, -1, -1, -1, 2]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.integers(0, 10**6), st.integers(1, 10**9), max_size=200), keys_lists)
def test_lookup_finds_each_keys_value_and_zero_for_unknown_keys(mapping: dict[int, int], keys: list[int]) -> None:
    lookup = Lookup(np.fromiter(mapping, dtype=np.int64), np.fromiter(mapping.values(), dtype=np.int64))
    assert lookup.find(np.asarray(keys, dtype=np.int64)).tolist() == [mapping.get(k, 0) for k in keys]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 50), max_size=100))
def test_unique_sorted_keeps_each_id_once(ids: list[int]) -> None:
    ordered = np.asarray(sorted(ids), dtype=np.int64)
    assert ordered[unique_sorted(ordered)].tolist() == sorted(set(ids))
