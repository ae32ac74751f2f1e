"""Illustrative employer sectors of the demo: KBLI 2020 codes, a wage factor against the UMK, a JKK group.

The risk groups here only make the demo varied; the legal sector → group mapping (PP 44/2015 Lampiran I)
belongs to the registry. Wage factors are demo assumptions, not statistics.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSector:
    key: str
    kbli: str
    label: str
    wage_factor: float
    risk_group: int
    weight: int


SECTORS: tuple[DemoSector, ...] = (
    DemoSector("trade", "47111", "Perdagangan eceran", 1.05, 1, 30),
    DemoSector("food", "56101", "Restoran", 1.0, 2, 14),
    DemoSector("manufacturing", "10710", "Industri roti dan kue", 1.1, 3, 10),
    DemoSector("textiles", "14111", "Industri pakaian jadi", 1.05, 3, 5),
    DemoSector("construction", "41011", "Konstruksi gedung hunian", 1.15, 5, 8),
    DemoSector("transport", "49431", "Angkutan darat", 1.1, 4, 8),
    DemoSector("finance", "64191", "Bank", 1.9, 1, 4),
    DemoSector("health", "86103", "Klinik", 1.3, 2, 6),
    DemoSector("education", "85220", "Pendidikan menengah swasta", 1.1, 1, 7),
    DemoSector("services", "96011", "Binatu", 0.98, 2, 8),
)
GOVERNMENT = DemoSector("government", "84111", "Administrasi pemerintahan", 1.2, 1, 0)
