"""The synthetic demo dataset: deterministic for a seed and an as-of date; each app adds its own step."""
