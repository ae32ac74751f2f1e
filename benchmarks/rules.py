"""Benchmark of the rules engine against a hand-written single-pass numpy kernel.

    .venv/bin/python benchmarks/rules.py [--rows 1000000 10000000] [--repeat 3]

Synthetic PU and BPU rows (80 % PU with all five programmes; 20 % BPU with JKK, JKM and sometimes JHT),
periods January 2025 to June 2026 (JP cap change, padat karya and PP 50/2025 discounts inside), no
explanations. Each (engine | kernel, N) runs in its own child process so its peak memory
(resource.getrusage ru_maxrss, including the input columns) is its own; both print a checksum of every
output column and the run fails if they disagree.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

from lindung.rules import engine
from lindung.rules.codes import FUNDER_CODE, SECTOR_CODE, month_index
from lindung.rules.money import FINE_RATE_SCALE
from lindung.rules.tables import build_tables, pension_month_offsets

FIRST, LAST = month_index(2025, 1), month_index(2026, 6)


def synthetic(n: int, seed: int = 7) -> engine.ContributionColumns:
    """N rows of plausible PU/BPU data, generated straight into the engine's dtypes."""
    rng = np.random.default_rng(seed)
    segment = (rng.integers(0, 10, n, dtype=np.int8) >= 8).astype(np.int8)  # 20 % BPU
    wage = rng.integers(1_000_000, 25_000_000, n, dtype=np.int64)
    programs = np.where(segment == 0, np.uint8(31), np.uint8(3) | (rng.integers(0, 3, n, dtype=np.uint8) == 0) * 4)
    sectors = np.array([SECTOR_CODE[s] for s in ("other", "furniture", "textile_apparel", "ojek_online", "courier")])
    return engine.ContributionColumns(
        segment=segment,
        period=rng.integers(FIRST, LAST + 1, n, dtype=np.int32),
        wage=wage,
        risk_group=np.where(segment == 0, rng.integers(1, 6, n, dtype=np.int8), np.int8(0)).astype(np.int8),
        programs=programs.astype(np.uint8),
        birth_month=rng.integers(month_index(1960, 1), month_index(2006, 1), n, dtype=np.int32),
        sector=sectors[rng.integers(0, len(sectors), n)].astype(np.int8),
        participants=rng.integers(1, 400, n, dtype=np.int32),
        funded_by=np.where(segment == 0, FUNDER_CODE["employer"], rng.integers(1, 5, n, dtype=np.int8)).astype(np.int8),
    )


def kernel(cols: engine.ContributionColumns) -> list[np.ndarray]:
    """The same rules written as one straightforward numpy pass over whole columns, single-threaded."""
    t = build_tables(FIRST, LAST)
    d, h = FINE_RATE_SCALE, FINE_RATE_SCALE // 2
    ns, nf = len(SECTOR_CODE), len(FUNDER_CODE)
    pu = cols.segment == 0
    mi = cols.period.astype(np.intp) - FIRST
    labour = t.labour_sector[mi * ns + cols.sector] & (cols.participants >= t.labour_threshold[mi])
    transport = t.transport_sector[mi * ns + cols.sector] & ~t.transport_excluded[mi * nf + cols.funded_by]
    kind = mi * 12 + np.where(pu, cols.risk_group.astype(np.intp) - 1 + 5 * labour, 10 + transport)
    w, p = cols.wage, cols.programs
    jkk = (w * t.jkk_num[kind] + h) // d * ((p & 1) != 0)
    jkm = ((w * t.jkm_num[kind] + h) // d + t.jkm_flat[kind]) * ((p & 2) != 0)
    seg = mi * 2 + cols.segment
    jht_e = (w * t.jht_employer_num[seg] + h) // d * ((p & 4) != 0)
    jht_w = (w * t.jht_worker_num[seg] + h) // d * ((p & 4) != 0)
    assert cols.birth_month is not None
    offsets = pension_month_offsets(1900, 2006)
    open_ = cols.period < cols.birth_month + offsets[cols.birth_month // 12 - 1900]
    jp_mask = ((p & 8) != 0) & pu & open_
    base = np.minimum(w, t.jp_cap[mi])
    jp_e = (base * t.jp_employer_num[mi * 2] + h) // d * jp_mask
    jp_w = (base * t.jp_worker_num[mi * 2] + h) // d * jp_mask
    jkp = (np.minimum(w, t.jkp_cap[mi]) * t.jkp_num[mi] + h) // d * (((p & 16) != 0) & pu)
    return [jkk, jkm, jht_e, jht_w, jp_e, jp_w, jkp]


def run_child(mode: str, rows: int, repeat: int) -> dict[str, object]:
    cols = synthetic(rows)
    build_tables(FIRST, LAST)  # parameter lookups are not the hot path; both sides start warm
    best = float("inf")
    outputs: list[np.ndarray] = []
    res: engine.ContributionResult | None = None
    for _ in range(repeat):
        outputs, res = [], None  # free the previous run's columns before timing the next
        start = time.perf_counter()
        if mode == "engine":
            res = engine.contributions(cols)
            outputs = [
                res.jkk,
                res.jkm,
                res.jht_employer,
                res.jht_worker,
                res.jp_employer,
                res.jp_worker,
                res.jkp_government,
            ]
        else:
            outputs = kernel(cols)
        best = min(best, time.perf_counter() - start)
    checksum = [int(o.sum()) for o in outputs]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "mode": mode,
        "rows": rows,
        "seconds": best,
        "rows_per_s": rows / best,
        "peak_mb": peak_mb,
        "checksum": checksum,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "ROWS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child[0], int(args.child[1]), args.repeat)))
        return
    print(f"cores: {os.cpu_count()}  numpy {np.__version__}  repeat: best of {args.repeat}")
    print(f"{'rows':>12} {'engine rows/s':>15} {'kernel rows/s':>15} {'ratio':>7} {'engine MB':>10} {'kernel MB':>10}")
    for rows in args.rows:
        results = {}
        for mode in ("engine", "kernel"):
            cmd = [sys.executable, __file__, "--child", mode, str(rows), "--repeat", str(args.repeat)]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)
            results[mode] = json.loads(done.stdout)
        e, k = results["engine"], results["kernel"]
        if e["checksum"] != k["checksum"]:
            raise SystemExit(f"engine and kernel disagree at {rows} rows: {e['checksum']} != {k['checksum']}")
        print(
            f"{rows:>12,} {e['rows_per_s']:>15,.0f} {k['rows_per_s']:>15,.0f} {e['rows_per_s'] / k['rows_per_s']:>7.2f}"
            f" {e['peak_mb']:>10,.0f} {k['peak_mb']:>10,.0f}"
        )


if __name__ == "__main__":
    main()
