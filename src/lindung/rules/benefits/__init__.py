"""Benefit formulas of JKK, JKM, JHT, JP and JKP (scalar: claims are one at a time)."""

from __future__ import annotations

from lindung.rules.benefits.result import BenefitResult

__all__ = ["BenefitResult"]
