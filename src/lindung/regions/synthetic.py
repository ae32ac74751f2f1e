"""Synthetic people for demos and tests: valid NIKs, Indonesian names, business names.

Everything here is made up and deterministic for a given random generator: the same seed gives the same
people. Vectorised with numpy, so 200,000 workers take a fraction of a second. Never use these for real data.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt

from lindung.regions.schema import ProfileError, read_yaml

NAMES_FILE = Path(__file__).resolve().parent / "data" / "names.yaml"
MAX_SERIAL = 9999

__all__ = ["business_names", "niks", "person_names"]

Generator = np.random.Generator | int


def _rng(rng: Generator) -> np.random.Generator:
    return rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)


def _female_mask(sexes: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    # Work on the few distinct values and map back: string operations on 200,000 cells are the slow part.
    values, inverse = np.unique(np.asarray(sexes, dtype=str), return_inverse=True)
    upper = np.char.upper(values)
    if not np.isin(upper, ["F", "P", "M", "L"]).all():
        raise ValueError("sexes must be M/L (male) or F/P (female)")
    return np.asarray(np.isin(upper, ["F", "P"])[inverse.reshape(-1)], dtype=np.bool_)


def _district_numbers(codes: npt.ArrayLike) -> npt.NDArray[np.int64]:
    values, inverse = np.unique(np.asarray(codes, dtype=str), return_inverse=True)
    digits = np.char.replace(values, ".", "")
    if not (np.char.str_len(digits) == 6).all() or not np.char.isdigit(digits).all():
        raise ValueError('kecamatan codes must have six digits, dotted or not: "12.71.01" or "127101"')
    numbers = digits.astype(np.int64)
    if (numbers < 110000).any():
        raise ValueError("a kecamatan code starts with a province code of 11 or more")
    return np.asarray(numbers[inverse.reshape(-1)], dtype=np.int64)


def niks(
    district_codes: npt.ArrayLike,
    birth_dates: npt.ArrayLike | Sequence[date],
    sexes: npt.ArrayLike,
    rng: Generator,
) -> npt.NDArray[np.str_]:
    """Valid, unique synthetic NIKs: PP KK CC DD(+40 for women) MM YY SSSS.

    Serials are unique within each 12-digit prefix (same kecamatan, birth date and sex) and start at a random
    offset, so the numbers look varied; at most 9,999 people may share a prefix, as in the real scheme.
    """
    districts = _district_numbers(district_codes)
    births = np.asarray(birth_dates, dtype="datetime64[D]")
    female = _female_mask(sexes)
    if not len(districts) == len(births) == len(female):
        raise ValueError("district_codes, birth_dates and sexes must have the same length")
    years = births.astype("datetime64[Y]").astype(np.int64) + 1970
    months = births.astype("datetime64[M]").astype(np.int64) % 12 + 1
    days = (births - births.astype("datetime64[M]")).astype(np.int64) + 1
    prefix = districts * 1_000_000 + (days + 40 * female) * 10_000 + months * 100 + years % 100

    order = np.argsort(prefix, kind="stable")
    ordered = prefix[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(ordered)])
    if sizes.size and sizes.max() > MAX_SERIAL:
        raise ValueError(f"more than {MAX_SERIAL} people share a kecamatan, birth date and sex")
    rank = np.arange(len(ordered)) - np.repeat(starts, sizes)
    offset = np.repeat(_rng(rng).integers(0, MAX_SERIAL, size=len(starts)), sizes)
    serial = np.empty_like(prefix)
    serial[order] = 1 + (offset + rank) % MAX_SERIAL
    result: npt.NDArray[np.str_] = (prefix * 10_000 + serial).astype(np.dtype("U16"))
    return result


@dataclass(frozen=True, slots=True)
class NameGroup:
    key: str
    weight: int
    given_male: tuple[str, ...]
    given_female: tuple[str, ...]
    #: Family names (marga, surnames); empty for groups that use a second given name instead.
    family: tuple[str, ...]
    second_male: tuple[str, ...]
    second_female: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NameData:
    groups: tuple[NameGroup, ...]
    famous: frozenset[str]
    business_prefixes: tuple[str, ...]
    business_words: tuple[str, ...]
    business_famous: frozenset[str]


@functools.cache
def name_data() -> NameData:
    root = read_yaml(NAMES_FILE)
    groups = []
    for node in root.nodes("groups"):
        node.reject_unknown({"key", "weight", "given_male", "given_female", "family", "second_male", "second_female"})
        family = node.text_list("family")
        second_male, second_female = node.text_list("second_male"), node.text_list("second_female")
        if not family and not (second_male and second_female):
            raise node.error("family", "a group needs family names, or second_male and second_female")
        groups.append(
            NameGroup(
                key=node.text("key"),
                weight=node.whole("weight", minimum=1),
                given_male=node.text_list("given_male", required=True),
                given_female=node.text_list("given_female", required=True),
                family=family,
                second_male=second_male,
                second_female=second_female,
            )
        )
    business = root.required_node("business")
    famous = root.text_list("famous", required=True)
    if not groups:
        raise ProfileError(NAMES_FILE, "groups", "at least one name group is needed")
    return NameData(
        groups=tuple(groups),
        famous=frozenset(name.casefold() for name in famous),
        business_prefixes=business.text_list("prefixes", required=True),
        business_words=business.text_list("words", required=True),
        business_famous=frozenset(brand.casefold() for brand in business.text_list("famous")),
    )


def _pick(rng: np.random.Generator, options: Sequence[str], size: int) -> npt.NDArray[np.str_]:
    return np.asarray(options, dtype=str)[rng.integers(0, len(options), size=size)]


def _draw_names(female: npt.NDArray[np.bool_], rng: np.random.Generator) -> list[str]:
    data = name_data()
    weights = np.array([group.weight for group in data.groups], dtype=float)
    group_of = rng.choice(len(data.groups), size=len(female), p=weights / weights.sum())
    names = [""] * len(female)
    for index, group in enumerate(data.groups):
        for is_female in (False, True):
            rows = np.flatnonzero((group_of == index) & (female == is_female))
            if not rows.size:
                continue
            given_options = group.given_female if is_female else group.given_male
            given = _pick(rng, given_options, rows.size).tolist()
            if group.family:
                middle = _pick(rng, given_options, rows.size).tolist()
                with_middle = (rng.random(rows.size) < 0.2).tolist()
                last = _pick(rng, group.family, rows.size).tolist()
                parts = zip(given, middle, with_middle, last, strict=True)
                full = [f"{g} {m} {s}" if w and m != g else f"{g} {s}" for g, m, w, s in parts]
            else:
                second = _pick(rng, group.second_female if is_female else group.second_male, rows.size).tolist()
                full = [f"{g} {s}" for g, s in zip(given, second, strict=True)]
            for row, name in zip(rows.tolist(), full, strict=True):
                names[row] = name
    return names


def person_names(sexes: npt.ArrayLike, rng: Generator) -> list[str]:
    """One synthetic full name per entry of ``sexes`` (M/L or F/P), never a name on the famous list."""
    generator = _rng(rng)
    female = _female_mask(sexes)
    names = _draw_names(female, generator)
    famous = name_data().famous
    for _ in range(100):
        clash = [row for row, name in enumerate(names) if name.casefold() in famous]
        if not clash:
            return names
        for row, name in zip(clash, _draw_names(female[clash], generator), strict=True):
            names[row] = name
    raise RuntimeError("could not draw names off the famous list; check data/names.yaml")


def business_names(count: int, rng: Generator) -> list[str]:
    """Synthetic business names such as "CV Maju Lestari" or "Toko Berkah Deli Jaya".

    The word list leaves out the words of well-known brands (``business.famous`` in data/names.yaml).
    """
    generator = _rng(rng)
    data = name_data()
    first = _pick(generator, data.business_words, count)
    second = _pick(generator, data.business_words, count)
    third = _pick(generator, data.business_words, count)
    long = generator.random(count) < 0.4
    words = np.where(long, np.char.add(np.char.add(second, " "), third), second)
    words = np.where(first == second, third, words)
    names = np.char.add(np.char.add(_pick(generator, data.business_prefixes, count), " "), np.char.add(first, " "))
    return [str(name) for name in np.char.add(names, words)]
