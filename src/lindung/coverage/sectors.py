"""The sectors of coverage: the region's workforce-table sectors (the denominator), with their KBLI sections.

A membership's sector is its employer's KBLI section; a member without an employer (BPU, the city's
programme) takes the section of the agency that reaches it. Regions without a workforce table fall back to
the KBLI sections themselves.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from lindung.coverage.dimensions import UNKNOWN, SectorMap
from lindung.regions.profile import load_profile
from lindung.regions.schema import ProfileError
from lindung.regions.workforce import load_workforce

#: KBLI 2020 section titles (BPS), shortened for charts.
KBLI_SECTIONS: dict[str, str] = {
    "A": "Pertanian, kehutanan dan perikanan",
    "B": "Pertambangan dan penggalian",
    "C": "Industri pengolahan",
    "D": "Listrik dan gas",
    "E": "Air, limbah dan daur ulang",
    "F": "Konstruksi",
    "G": "Perdagangan dan reparasi kendaraan",
    "H": "Transportasi dan pergudangan",
    "I": "Akomodasi dan makan minum",
    "J": "Informasi dan komunikasi",
    "K": "Jasa keuangan dan asuransi",
    "L": "Real estat",
    "M": "Jasa profesional, ilmiah dan teknis",
    "N": "Jasa persewaan dan penunjang usaha",
    "O": "Administrasi pemerintahan",
    "P": "Jasa pendidikan",
    "Q": "Jasa kesehatan dan kegiatan sosial",
    "R": "Kesenian, hiburan dan rekreasi",
    "S": "Jasa lainnya",
    "T": "Jasa rumah tangga",
    "U": "Badan internasional",
}


@dataclass(frozen=True)
class SectorCatalogue:
    mapping: SectorMap
    #: key → (Indonesian name, English name), in the workforce table's order
    names: dict[str, tuple[str, str]]

    def label(self, key: str, language: str = "id") -> str:
        if key == UNKNOWN:
            return ""
        id_name, en_name = self.names.get(key, (key, key))
        return en_name if language.startswith("en") else id_name


@functools.cache
def sector_catalogue(profile_slug: str) -> SectorCatalogue:
    """The sectors of a region profile (cached: reference data)."""
    try:
        load_profile(profile_slug)
        table = load_workforce(profile_slug)
    except (ProfileError, FileNotFoundError, KeyError):
        table = None
    if table is None:
        by_section = {letter: letter for letter in KBLI_SECTIONS}
        return SectorCatalogue(SectorMap(by_section), {k: (v, v) for k, v in KBLI_SECTIONS.items()})
    by_section = {section: sector.key for sector in table.sectors for section in sector.kbli_sections}
    names = {sector.key: (sector.name_id, sector.name_en) for sector in table.sectors}
    return SectorCatalogue(SectorMap(by_section), names)
