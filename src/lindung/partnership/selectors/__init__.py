"""Reads of the partnership app (``<entity>_<query>``), split by topic; every query goes through ``scoped()``."""
