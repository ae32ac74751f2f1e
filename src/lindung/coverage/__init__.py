"""Coverage: who is protected and who is not — aggregates, dashboards, gap lists, reports (issue #8)."""
