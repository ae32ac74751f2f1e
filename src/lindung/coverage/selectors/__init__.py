"""Reads of coverage, always inside the user's scope: figures, trends, targets, gaps, follow-ups."""

from lindung.coverage.selectors.figures import (
    CoverageView,
    FigureRow,
    Figures,
    SnapshotPick,
    coverage_figures,
    coverage_regions,
    coverage_snapshot_pick,
    coverage_trend,
    coverage_view,
)

__all__ = [
    "CoverageView",
    "FigureRow",
    "Figures",
    "SnapshotPick",
    "coverage_figures",
    "coverage_regions",
    "coverage_snapshot_pick",
    "coverage_trend",
    "coverage_view",
]
