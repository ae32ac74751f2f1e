"""Load and validate region profiles, and look things up in them.

    >>> medan = load_profile("12.71")          # or "1271" or "kota-medan"
    >>> medan.kecamatan_by_code("12.71.07").name
    'Medan Tuntungan'
    >>> umk("kota-medan", 2025).amount
    Decimal('4014072')

Profiles live in ``profiles/<slug>.yaml``, provinces (with their UMP) in ``provinces/<slug>.yaml``. Each file
is parsed once per process (``functools.cache``); a schema mistake raises ``ProfileError`` naming the file and
the field.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from lindung.regions.model import (
    Agency,
    BpjsBranch,
    Confidence,
    GeographySource,
    Kecamatan,
    Kelurahan,
    MinimumWage,
    Mou,
    Profile,
    Province,
    StakeholderGroup,
    WageKind,
    normalise_code,
)
from lindung.regions.schema import Node, ProfileError, read_yaml

PACKAGE_DIR = Path(__file__).resolve().parent
PROFILES_DIR = PACKAGE_DIR / "profiles"
PROVINCES_DIR = PACKAGE_DIR / "provinces"
STAKEHOLDER_GROUPS_FILE = PACKAGE_DIR / "data" / "stakeholder_groups.yaml"

SCHEMA_VERSION = 1
SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
KBLI_SECTION = r"[A-U]"  # KBLI 2020 sections A (agriculture) to U (extraterritorial bodies)
POSTAL_CODE = r"\d{5}"
AGENCY_KINDS = {"dinas", "badan", "bagian", "satuan", "sekretariat", "inspektorat", "kantor"}

__all__ = [
    "ProfileError",
    "all_profiles",
    "available_profiles",
    "find_kecamatan",
    "find_kelurahan",
    "load_profile",
    "load_province",
    "profile_for_code",
    "stakeholder_groups",
    "umk",
]


def _check_version(root: Node) -> None:
    if root.whole("schema_version") != SCHEMA_VERSION:
        raise root.error("schema_version", f"this Lindung reads schema_version {SCHEMA_VERSION}")


def _wage(node: Node, kind: WageKind) -> MinimumWage:
    node.reject_unknown({"year", "amount", "decree", "decree_date", "effective_from", "confidence", "sources", "note"})
    year = node.whole("year", minimum=2000)
    effective_from = node.day("effective_from")
    assert effective_from is not None
    if effective_from.year != year:
        raise node.error("effective_from", f"a minimum wage for {year} must take effect in {year}")
    return MinimumWage(
        kind=kind,
        year=year,
        amount=node.money("amount"),
        decree=node.text("decree", required=False) or None,
        decree_date=node.day("decree_date", required=False),
        effective_from=effective_from,
        confidence=node.enum("confidence", Confidence),
        sources=node.text_list("sources", required=True),
        note=node.text("note", required=False),
    )


def _wages(root: Node, key: str, kind: WageKind) -> tuple[MinimumWage, ...]:
    wages = tuple(_wage(node, kind) for node in root.nodes(key))
    years = [wage.year for wage in wages]
    duplicate = next((year for year in years if years.count(year) > 1), None)
    if duplicate is not None:
        raise root.error(key, f"the year {duplicate} appears twice")
    return tuple(sorted(wages, key=lambda wage: wage.year))


@functools.cache
def stakeholder_groups() -> dict[str, StakeholderGroup]:
    """The shared vocabulary of stakeholder groups, by key."""
    root = read_yaml(STAKEHOLDER_GROUPS_FILE)
    _check_version(root)
    groups: dict[str, StakeholderGroup] = {}
    for node in root.nodes("groups"):
        node.reject_unknown({"key", "name_id", "name_en", "vulnerable"})
        key = node.text("key", pattern=r"[a-z][a-z_]*", hint="snake_case")
        if key in groups:
            raise node.error("key", f"{key!r} is defined twice")
        groups[key] = StakeholderGroup(key, node.text("name_id"), node.text("name_en"), node.flag("vulnerable"))
    return groups


@functools.cache
def load_province(code: str) -> Province:
    """A province by its two-digit Kemendagri code, with its UMP list (empty when no file exists)."""
    for path in sorted(PROVINCES_DIR.glob("*.yaml")):
        root = read_yaml(path)
        if root.data.get("code") != code:
            continue
        _check_version(root)
        root.reject_unknown({"schema_version", "code", "slug", "name", "ump"})
        return Province(
            code=root.code("code", parts=1),
            slug=root.text("slug", pattern=SLUG),
            name=root.text("name"),
            ump=_wages(root, "ump", WageKind.UMP),
        )
    raise ProfileError(PROVINCES_DIR, "", f"no province file has code {code!r}")


def _kecamatan(node: Node, region_code: str) -> Kecamatan:
    node.reject_unknown({"code", "name", "kelurahan"})
    code = node.code("code", parts=3)
    if not code.startswith(f"{region_code}."):
        raise node.error("code", f"{code} is not inside the region {region_code}")
    villages = []
    for village in node.nodes("kelurahan"):
        village.reject_unknown({"code", "name", "postal_code"})
        village_code = village.code("code", parts=4)
        if not village_code.startswith(f"{code}."):
            raise village.error("code", f"{village_code} is not inside the kecamatan {code}")
        postal_code = village.text("postal_code", pattern=POSTAL_CODE, hint="five digits, quoted")
        villages.append(Kelurahan(village_code, village.text("name"), postal_code, code))
    if not villages:
        raise node.error("kelurahan", "a kecamatan has at least one kelurahan or desa")
    return Kecamatan(code, node.text("name"), tuple(villages))


def _agency(node: Node, groups: dict[str, StakeholderGroup]) -> Agency:
    node.reject_unknown(
        {"slug", "name", "name_en", "abbreviation", "kind", "kbli_sections", "stakeholder_groups", "in_mou"}
        | {"is_finance_office", "is_manpower_office", "head_title"}
    )
    kind = node.text("kind")
    if kind not in AGENCY_KINDS:
        raise node.error("kind", f"{kind!r} is not one of: {', '.join(sorted(AGENCY_KINDS))}")
    reached = node.text_list("stakeholder_groups", pattern=r"[a-z_]+")
    unknown = next((key for key in reached if key not in groups), None)
    if unknown is not None:
        raise node.error("stakeholder_groups", f"{unknown!r} is not a key of {STAKEHOLDER_GROUPS_FILE.name}")
    return Agency(
        slug=node.text("slug", pattern=SLUG, hint="lower-case words joined by dashes"),
        name=node.text("name"),
        name_en=node.text("name_en"),
        abbreviation=node.text("abbreviation"),
        kind=kind,
        kbli_sections=node.text_list("kbli_sections", pattern=KBLI_SECTION),
        stakeholder_groups=reached,
        in_mou=node.flag("in_mou"),
        is_finance_office=node.flag("is_finance_office"),
        is_manpower_office=node.flag("is_manpower_office"),
        head_title=node.text("head_title", required=False),
    )


def _agencies(root: Node, mou: Mou | None) -> tuple[Agency, ...]:
    groups = stakeholder_groups()
    agencies = tuple(_agency(node, groups) for node in root.nodes("agencies"))
    slugs = [agency.slug for agency in agencies]
    duplicate = next((slug for slug in slugs if slugs.count(slug) > 1), None)
    if duplicate is not None:
        raise root.error("agencies", f"the slug {duplicate!r} appears twice")
    for flag in ("is_finance_office", "is_manpower_office"):
        if sum(getattr(agency, flag) for agency in agencies) > 1:
            raise root.error("agencies", f"at most one agency may have {flag}: true")
    in_mou = sum(agency.in_mou for agency in agencies)
    expected = mou.agency_count if mou is not None else 0
    if in_mou != expected:
        raise root.error("agencies", f"{in_mou} agencies have in_mou: true, but mou.agency_count is {expected}")
    return agencies


def _mou(root: Node) -> Mou | None:
    node = root.node("mou", required=False)
    if node is None:
        return None
    node.reject_unknown({"title", "signed", "agency_count", "confidence", "sources", "note"})
    return Mou(
        title=node.text("title"),
        signed=node.text("signed", pattern=r"\d{4}(-\d{2}(-\d{2})?)?", hint='a quoted "YYYY-MM" or "YYYY-MM-DD"'),
        agency_count=node.whole("agency_count", minimum=1),
        confidence=node.enum("confidence", Confidence),
        sources=node.text_list("sources", required=True),
        note=node.text("note", required=False),
    )


def _branch(node: Node, region_code: str) -> BpjsBranch:
    node.reject_unknown({"slug", "name", "address", "region_codes", "is_partner", "confidence", "sources", "note"})
    codes = node.text_list("region_codes", pattern=r"\d{2}\.\d{2}(\.\d{2})?")
    outside = next((code for code in codes if not code.startswith(region_code)), None)
    if outside is not None:
        raise node.error("region_codes", f"{outside} is not inside the region {region_code}")
    return BpjsBranch(
        slug=node.text("slug", pattern=SLUG),
        name=node.text("name"),
        address=node.text("address", required=False),
        region_codes=codes,
        is_partner=node.flag("is_partner"),
        confidence=node.enum("confidence", Confidence),
        sources=node.text_list("sources", required=True),
        note=node.text("note", required=False),
    )


PROFILE_FIELDS = {
    "schema_version", "slug", "bps_code", "notes", "umk", "umk_note", "ump_applies_without_umk", "mou",
    "agencies", "bpjs_branches", "code", "name", "type", "province", "geography_source", "kecamatan",
}  # fmt: skip


def parse_profile(path: Path) -> Profile:
    """Read and validate one profile file (uncached; ``load_profile`` is the cached entry point)."""
    root = read_yaml(path)
    _check_version(root)
    root.reject_unknown(PROFILE_FIELDS)
    code = root.code("code", parts=2)
    province_node = root.required_node("province")
    province_code = province_node.code("code", parts=1)
    if not code.startswith(f"{province_code}."):
        raise province_node.error("code", f"the region {code} is not in province {province_code}")
    source = root.required_node("geography_source")
    kecamatan = tuple(_kecamatan(node, code) for node in root.nodes("kecamatan"))
    codes = [kec.code for kec in kecamatan]
    if len(set(codes)) != len(codes) or not codes:
        raise root.error("kecamatan", "kecamatan codes must be present and unique")
    mou = _mou(root)
    region_type = root.text("type")
    if region_type not in {"kota", "kabupaten"}:
        raise root.error("type", f"{region_type!r} is not kota or kabupaten")
    return Profile(
        code=code,
        slug=root.text("slug", pattern=SLUG),
        name=root.text("name"),
        type=region_type,
        bps_code=root.text("bps_code", pattern=r"\d{4}", required=False, hint="four digits, quoted"),
        province=load_province(province_code),
        geography_source=GeographySource(source.text("package"), source.text("version"), source.text("dataset")),
        kecamatan=kecamatan,
        umk=_wages(root, "umk", WageKind.UMK),
        umk_note=root.text("umk_note", required=False),
        ump_applies_without_umk=root.flag("ump_applies_without_umk"),
        agencies=_agencies(root, mou),
        mou=mou,
        bpjs_branches=tuple(_branch(node, code) for node in root.nodes("bpjs_branches", required=False)),
        notes=root.text("notes", required=False),
        source_file=str(path),
    )


@functools.cache
def _profiles() -> dict[str, Profile]:
    profiles: dict[str, Profile] = {}
    for path in sorted(PROFILES_DIR.glob("*.yaml")):
        profile = parse_profile(path)
        if path.stem != profile.slug:
            raise ProfileError(path, "slug", f"the slug {profile.slug!r} must match the file name {path.stem!r}")
        if profile.code in {known.code for known in profiles.values()}:
            raise ProfileError(path, "code", f"another profile already has the code {profile.code}")
        profiles[profile.slug] = profile
    return profiles


def all_profiles() -> tuple[Profile, ...]:
    """Every shipped profile, ordered by Kemendagri code."""
    return tuple(sorted(_profiles().values(), key=lambda profile: profile.code))


def available_profiles() -> tuple[str, ...]:
    """The slugs of the shipped profiles, ordered by Kemendagri code: ("kota-medan", "kota-binjai")."""
    return tuple(profile.slug for profile in all_profiles())


def load_profile(code_or_slug: str) -> Profile:
    """A profile by Kemendagri code ("12.71" or "1271") or slug ("kota-medan")."""
    key = code_or_slug.strip()
    profiles = _profiles()
    if key in profiles:
        return profiles[key]
    if re.fullmatch(r"\d{2}\.?\d{2}", key):
        code = normalise_code(key)
        for profile in profiles.values():
            if profile.code == code:
                return profile
    known = ", ".join(f"{profile.code} ({profile.slug})" for profile in all_profiles())
    raise KeyError(f"no region profile for {code_or_slug!r}; available: {known}")


def profile_for_code(code: str) -> Profile | None:
    """The profile whose region contains a Kemendagri code of any level, if one is shipped."""
    dotted = normalise_code(code)
    return next((profile for profile in _profiles().values() if profile.contains(dotted)), None)


def find_kecamatan(code: str) -> Kecamatan | None:
    profile = profile_for_code(code)
    return profile.kecamatan_by_code(code) if profile is not None else None


def find_kelurahan(code: str) -> Kelurahan | None:
    profile = profile_for_code(code)
    return profile.kelurahan_by_code(code) if profile is not None else None


def umk(region: Profile | str, year: int) -> MinimumWage | None:
    """The UMK of a region in a year, or None when no cited figure is recorded."""
    profile = region if isinstance(region, Profile) else load_profile(region)
    return profile.umk_for(year)
