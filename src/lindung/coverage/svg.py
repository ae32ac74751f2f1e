"""Charts drawn on the server as SVG: the kecamatan tile map (pages and PDF) and the report's bars and lines.

No JavaScript and no fonts beyond the page's: WeasyPrint renders these inline, and the map works in a
browser with scripts off. Every text is escaped here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.translation import get_language

LIGHT = (230, 244, 234)
DARK = (11, 110, 79)
NO_DATA = "#d9d9d9"
TILE = 74
GAP = 6


def colour(value: float | None, low: float, high: float) -> str:
    """A green from light (``low``) to dark (``high``); grey without a value."""
    if value is None:
        return NO_DATA
    share = 0.0 if high <= low else min(1.0, max(0.0, (value - low) / (high - low)))
    r, g, b = (round(a + (z - a) * share) for a, z in zip(LIGHT, DARK, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def _ink(fill: str) -> str:
    red, green, blue = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if 0.299 * red + 0.587 * green + 0.114 * blue < 140 else "#1b1b1b"


@dataclass(frozen=True)
class MapTile:
    code: str
    name: str
    short: str
    col: int
    row: int
    value: float | None
    caption: str
    href: str = ""


def reader_number(text: str) -> str:
    """``1,234.5`` as the reader writes it: unchanged in English, ``1.234,5`` in Bahasa Indonesia (the report)."""
    return text if (get_language() or "id").startswith("en") else text.translate(str.maketrans(",.", ".,"))


def _fmt(value: float) -> str:
    return reader_number(f"{value:.1f}")


def tile_map(tiles: Sequence[MapTile], *, unit: str = "%", title: str = "") -> str:
    """The tile map: one square per kecamatan, coloured by its value, with a legend of the range shown."""
    if not tiles:
        return ""
    values = [t.value for t in tiles if t.value is not None]
    low, high = (min(values), max(values)) if values else (0.0, 0.0)
    width = (max(t.col for t in tiles) + 1) * (TILE + GAP)
    height = (max(t.row for t in tiles) + 1) * (TILE + GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 40}" class="coverage-map" '
        f'role="img" aria-label="{escape(title)}" data-testid="tile-map">'
    ]
    for tile in tiles:
        parts.append(_tile(tile, colour(tile.value, low, high)))
    parts.append(_legend(low, high, unit, height + 10, min(width, 260)))
    parts.append("</svg>")
    return "".join(parts)


def _tile(tile: MapTile, fill: str) -> str:
    x, y = tile.col * (TILE + GAP), tile.row * (TILE + GAP)
    ink = _ink(fill)
    label = escape(tile.short if len(tile.short) <= 11 else tile.short[:10] + "…")
    tip = escape(f"{tile.name}: {tile.caption}")
    body = (
        f'<g class="tile" data-code="{escape(tile.code)}"><title>{tip}</title>'
        f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="8" fill="{fill}" stroke="#ffffff"/>'
        f'<text x="{x + TILE / 2}" y="{y + 30}" text-anchor="middle" font-size="11" fill="{ink}">{label}</text>'
        f'<text x="{x + TILE / 2}" y="{y + 50}" text-anchor="middle" font-size="14" font-weight="bold" '
        f'fill="{ink}">{escape(tile.caption)}</text></g>'
    )
    return f'<a href="{escape(tile.href)}">{body}</a>' if tile.href else body


def _legend(low: float, high: float, unit: str, y: int, width: int) -> str:
    steps = 6
    cell = width / steps
    rects = "".join(
        f'<rect x="{i * cell:.1f}" y="{y}" width="{cell:.1f}" height="10" '
        f'fill="{colour(low + (high - low) * i / (steps - 1), low, high)}"/>'
        for i in range(steps)
    )
    texts = (
        f'<text x="0" y="{y + 26}" font-size="11" fill="#444">{escape(_fmt(low))}{escape(unit)}</text>'
        f'<text x="{width}" y="{y + 26}" font-size="11" text-anchor="end" fill="#444">'
        f"{escape(_fmt(high))}{escape(unit)}</text>"
    )
    return f'<g class="legend">{rects}{texts}</g>'


def bar_chart(items: Sequence[tuple[str, float]], *, unit: str = "", width: int = 640, bar: int = 18) -> str:
    """Horizontal bars with their labels and values (the report's tables at a glance)."""
    if not items:
        return ""
    label_width, value_width = 220, 70
    top = max((value for _, value in items), default=0) or 1
    span = width - label_width - value_width
    height = len(items) * (bar + 6)
    rows = []
    for i, (label, value) in enumerate(items):
        y = i * (bar + 6)
        length = max(0.0, span * value / top)
        text = f"{_fmt(value)}{unit}" if unit else reader_number(f"{int(value):,}")
        rows.append(
            f'<text x="{label_width - 6}" y="{y + bar - 5}" font-size="11" text-anchor="end" fill="#333">'
            f"{escape(label[:34])}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" rx="3" fill="#0b6e4f"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + bar - 5}" font-size="11" fill="#333">'
            f"{escape(text)}</text>"
        )
    head = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="bar-chart">'
    return head + "".join(rows) + "</svg>"


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], str]],
    *,
    width: int = 640,
    height: int = 220,
) -> str:
    """Lines over time (``series``: name, values, colour), with the first and last label under the axis."""
    points = [v for _, values, _ in series for v in values if v is not None]
    if not labels or not points:
        return ""
    top = max(points) * 1.1 or 1
    left, bottom, plot_w, plot_h = 40, height - 24, width - 50, height - 40
    step = plot_w / max(1, len(labels) - 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" class="line-chart">']
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{left + plot_w}" y2="{bottom}" stroke="#999"/>')
    parts.append(
        f'<text x="{left - 4}" y="{bottom - plot_h + 10}" font-size="10" text-anchor="end">{escape(_fmt(top))}</text>'
    )
    for i, (name, values, stroke) in enumerate(series):
        path = " ".join(
            f"{left + j * step:.1f},{bottom - plot_h * v / top:.1f}" for j, v in enumerate(values) if v is not None
        )
        dash = ' stroke-dasharray="5,4"' if i else ""
        parts.append(f'<polyline points="{path}" fill="none" stroke="{stroke}" stroke-width="2"{dash}/>')
        parts.append(f'<text x="{left + 8}" y="{14 + 14 * i}" font-size="11" fill="{stroke}">{escape(name)}</text>')
    parts.append(f'<text x="{left}" y="{height - 6}" font-size="10">{escape(labels[0])}</text>')
    parts.append(
        f'<text x="{left + plot_w}" y="{height - 6}" font-size="10" text-anchor="end">{escape(labels[-1])}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
