"""Where each kecamatan's tile goes on the map: the region's tile grid, or a plain grid in code order."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

GRIDS_FILE = Path(__file__).resolve().parent / "data" / "tile_grids.yaml"


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    short: str
    col: int
    row: int


@functools.cache
def _grids() -> dict[str, Any]:
    data = yaml.safe_load(GRIDS_FILE.read_text(encoding="utf-8")) or {}
    for region, grid in data.items():
        cells = [(tile["col"], tile["row"]) for tile in grid["tiles"]]
        if len(set(cells)) != len(cells):
            raise ValueError(f"{GRIDS_FILE.name}: two tiles of {region} share a cell")
    return dict(data)


def _short(name: str, region_word: str) -> str:
    return name.removeprefix(region_word + " ").strip() or name


def tile_layout(region_code: str, districts: Sequence[tuple[str, str]]) -> list[Tile]:
    """Tiles of ``districts`` (code, name): by the region's grid where it has one, else a plain grid.

    A kecamatan the grid does not know (a new one) goes to a row under the map rather than disappearing.
    """
    grid = _grids().get(region_code)
    if grid is None:
        return _plain(districts)
    placed = {tile["code"]: tile for tile in grid["tiles"]}
    tiles: list[Tile] = []
    unplaced: list[tuple[str, str]] = []
    for code, name in districts:
        spec = placed.get(code)
        if spec is None:
            unplaced.append((code, name))
            continue
        tiles.append(Tile(code, name, str(spec.get("short") or name), int(spec["col"]), int(spec["row"])))
    if unplaced:
        below = max((tile.row for tile in tiles), default=-1) + 1
        tiles += [Tile(code, name, name, i, below) for i, (code, name) in enumerate(unplaced)]
    return tiles


def _plain(districts: Sequence[tuple[str, str]]) -> list[Tile]:
    columns = max(1, math.ceil(math.sqrt(len(districts))))
    words = {name.split(" ")[0] for _, name in districts}
    region_word = words.pop() if len(words) == 1 else ""
    return [
        Tile(code, name, _short(name, region_word), i % columns, i // columns)
        for i, (code, name) in enumerate(sorted(districts))
    ]
