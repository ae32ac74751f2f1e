"""Lindung."""
