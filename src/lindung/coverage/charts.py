"""Plotly figure specifications (plain dicts) for the dashboards; the page's script draws them with plotly.js.

Built here rather than in the browser so that the numbers, labels and colours are tested in Python; the
script only hands each spec to ``Plotly.newPlot``. plotly.js is served from the installed plotly package.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from lindung.core.rules_words import english
from lindung.coverage import dimensions as d
from lindung.coverage.selectors.dashboard import Dashboard
from lindung.coverage.selectors.figures import FigureRow, TrendPoint

GREEN, LIGHT_GREEN, ORANGE, GREY = "#0b6e4f", "#6cc08b", "#e07b00", "#888888"
_FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 12}


def _layout(**extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "margin": {"l": 50, "r": 20, "t": 10, "b": 40},
        "font": _FONT,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "showlegend": False,
        "height": 260,
        # Plotly's decimal mark then thousands separator, for ticks, hovers and the donuts' percentages.
        "separators": ".," if english() else ",.",
    }
    layout.update(extra)
    for axis in ("xaxis", "yaxis"):  # "1.000" on a tick as in the tables (plotly groups only 5+ digits by default)
        layout[axis] = {"separatethousands": True, **layout.get(axis, {})}
    return layout


def _line(x: list[str], y: list[float | None], name: str, line: dict[str, str], mode: str) -> dict[str, Any]:
    return {"type": "scatter", "mode": mode, "x": x, "y": y, "name": name, "yaxis": "y2", "line": line}


def trend_chart(points: Sequence[TrendPoint], *, measure_label: str, with_rate: bool) -> dict[str, Any]:
    """Participants by month (bars); with rates, the coverage rate and the RPJMD path on a second axis."""
    x = [p.as_of.isoformat() for p in points]
    hover = "%{x}<br>%{y:,} " + _("peserta") + "<extra></extra>"
    bars = {
        "type": "bar",
        "x": x,
        "y": [p.value for p in points],
        "name": measure_label,
        "marker": {"color": LIGHT_GREEN},
        "hovertemplate": hover,
    }
    data: list[dict[str, Any]] = [bars]
    layout = _layout(xaxis={"type": "date"}, yaxis={"title": {"text": _("Peserta")}, "rangemode": "tozero"})
    if not with_rate:
        return {"data": data, "layout": layout}
    data.append(_line(x, [p.rate for p in points], _("Cakupan (%)"), {"color": GREEN}, "lines+markers"))
    if any(p.target is not None for p in points):
        path = [p.target for p in points]
        data.append(_line(x, path, _("Jalur target RPJMD (%)"), {"color": ORANGE, "dash": "dash"}, "lines"))
    layout["yaxis2"] = {"title": {"text": "%"}, "overlaying": "y", "side": "right", "rangemode": "tozero"}
    layout.update(showlegend=True, legend={"orientation": "h", "y": -0.25})
    layout["margin"]["r"] = 50
    return {"data": data, "layout": layout}


def bar_chart(rows: Sequence[FigureRow], *, measure: str, rates: bool, horizontal: bool = True) -> dict[str, Any]:
    """One bar per row: the coverage rate where there is a workforce, else the count."""
    if rates:
        rows = [row for row in rows if row.workforce]  # a rate needs a denominator
    labels = [row.label if len(row.label) <= 42 else row.label[:41] + "…" for row in rows]
    values: list[float | int | None] = [row.rate(measure) if rates else row.value(measure) for row in rows]
    text = [_label(v, rates) for v in values]
    bar: dict[str, Any] = {
        "type": "bar",
        "marker": {"color": GREEN},
        "text": text,
        "textposition": "auto",
        "hovertemplate": "%{" + ("y" if horizontal else "x") + "}: %{text}<extra></extra>",
    }
    if horizontal:
        bar.update({"orientation": "h", "x": values, "y": labels})
        layout = _layout(
            height=max(180, 28 * len(rows) + 40),
            margin={"l": 220, "r": 20, "t": 10, "b": 30},
            yaxis={"autorange": "reversed", "automargin": True},
        )
    else:
        bar.update({"x": labels, "y": values})
        layout = _layout()
    return {"data": [bar], "layout": layout}


def _label(value: float | int | None, rate: bool) -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}%" if rate else f"{int(value):,}"
    return text if english() else text.translate(str.maketrans(",.", ".,"))


def share_chart(items: Sequence[tuple[str, int]]) -> dict[str, Any]:
    """A donut of parts of a whole (segments, sexes)."""
    colours = [GREEN, LIGHT_GREEN, ORANGE, GREY, "#2f7ebc"]
    return {
        "data": [
            {
                "type": "pie",
                "hole": 0.55,
                "labels": [label for label, _ in items],
                "values": [value for _, value in items],
                "marker": {"colors": colours[: len(items)]},
                "textinfo": "percent",
                "sort": False,
            }
        ],
        "layout": _layout(showlegend=True, legend={"orientation": "h", "y": -0.1}, height=260),
    }


def dashboard_charts(board: Dashboard) -> dict[str, dict[str, Any]]:
    """Every chart of a dashboard, by element id."""
    figures, measure = board.figures, board.view.measure
    total = figures.total
    rates = board.view.shows_rates
    charts = {
        "chart-trend": trend_chart(board.trend, measure_label=board.view.measure_label, with_rate=rates),
        "chart-segment": share_chart(
            [
                ("PU", total.value("pu")),
                ("BPU", total.value("bpu")),
                (_("Jasa konstruksi"), total.value("jakon")),
                ("PMI", total.value("pmi")),
            ]
        ),
        "chart-programme": bar_chart(_programme_rows(total), measure="participants", rates=False, horizontal=False),
        "chart-sex": share_chart([(row.label, row.value(measure)) for row in figures.rows(d.DIM_SEX)]),
        "chart-age": bar_chart(figures.rows(d.DIM_AGE), measure=measure, rates=False, horizontal=False),
    }
    sectors = board.sector_focus or [row for row in figures.rows(d.DIM_SECTOR) if row.value(measure) or row.workforce]
    sector_rates = rates or bool(board.sector_focus)
    charts["chart-sector"] = bar_chart(sectors, measure=measure, rates=sector_rates)
    agencies = figures.rows(d.DIM_AGENCY)[:12]
    if agencies:
        charts["chart-agency"] = bar_chart(agencies, measure=measure, rates=False)
    return charts


def _programme_rows(total: FigureRow) -> list[FigureRow]:
    return [
        FigureRow("programme", name, name, {"participants": total.value(name.lower())})
        for name in ("JKK", "JKM", "JHT", "JP", "JKP")
    ]


def district_charts(
    rows_by: Mapping[str, Sequence[FigureRow]], *, measure: str, rates: bool
) -> dict[str, dict[str, Any]]:
    """The drill-down: kelurahan bars, and the kecamatan's sectors, sexes and age bands where known."""
    charts = {"chart-villages": bar_chart(rows_by["village"], measure=measure, rates=rates)}
    if rows_by.get("sector"):
        charts["chart-sector"] = bar_chart(rows_by["sector"], measure=measure, rates=rates)
    if rows_by.get("sex"):
        charts["chart-sex"] = share_chart([(row.label, row.value(measure)) for row in rows_by["sex"]])
    if rows_by.get("age"):
        charts["chart-age"] = bar_chart(rows_by["age"], measure=measure, rates=False, horizontal=False)
    return charts
