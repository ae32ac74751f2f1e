"""One contribution calculation (PU or BPU): the vectorised engine on one row, plus its explanation.

The amounts come from ``engine.contributions`` on a one-row batch, so a single calculation and a bulk
run can never disagree; the trace is rebuilt from the same scalar rules (``rates``) the engine's tables
were built from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from lindung.rules import engine, explain, rates
from lindung.rules.codes import BPU, FUNDER_CODE, FUNDER_PAYER, PU, SECTOR_CODE, month_index, programs_mask
from lindung.rules.money import apply_rate, format_rate
from lindung.rules.params import ParameterValue

SHARES = ("employer", "worker", "government")
PAYER_SHARE = {1: "worker", 2: "employer", 3: "government"}


@dataclass(frozen=True)
class ContributionRequest:
    """A validated single PU or BPU calculation (see ``api.contribution`` for the JSON form)."""

    segment: str
    period: dt.date  # first day of the contribution month
    wage: int
    programs: tuple[str, ...]
    risk_group: int = 1
    birth_date: dt.date | None = None
    sector: str = "other"
    participants: int = 0
    funded_by: str = "self"
    jp_deferral: bool = False
    as_of: dt.date | None = None  # a given date; otherwise the first day of the period

    @property
    def lookup_day(self) -> dt.date:
        return self.as_of or self.period


@dataclass
class ProgramAmount:
    program: str
    employer: int = 0
    worker: int = 0
    government: int = 0
    used: tuple[ParameterValue, ...] = ()
    detail: tuple[str, str] = ("", "")
    information: dict[str, int] = field(default_factory=dict)
    deferred: int | None = None

    @property
    def total(self) -> int:
        return self.employer + self.worker + self.government

    def as_dict(self, explain_on: bool) -> dict[str, object]:
        out: dict[str, object] = {s: getattr(self, s) for s in SHARES}
        out["total"] = self.total
        out["references"] = explain.references(self.used)
        if self.deferred is not None:
            out["deferred"] = self.deferred
        if self.information:
            out["information"] = dict(self.information)
        if explain_on:
            out["explanation"] = explain.trace(self.used)
            out["sentence"] = {"id": self.sentence(0), "en": self.sentence(1)}
        return out

    def sentence(self, lang: int) -> str:
        money = explain.rupiah_id if lang == 0 else explain.rupiah_en
        refs = "; ".join(explain.references(self.used))
        shares = {s: getattr(self, s) for s in SHARES}
        head = "Iuran" if lang == 0 else "contribution"
        start = (
            f"{head} {self.program} {money(self.total)}" if lang == 0 else f"{self.program} {head} {money(self.total)}"
        )
        return f"{start}: {explain.payer_phrase(shares, lang)}; {self.detail[lang]} ({refs})."


def _case(req: ContributionRequest) -> rates.Case:
    """The discrete case of a request, decided exactly as the engine's per-row flags decide it."""
    day = req.lookup_day
    labour = rates.labour_intensive_terms(day)
    transport = rates.bpu_transport_terms(day)
    return rates.Case(
        segment=PU if req.segment == "PU" else BPU,
        risk_group=req.risk_group,
        labour_intensive=bool(labour and req.sector in labour[0] and req.participants >= labour[1]),
        bpu_transport=bool(transport and req.sector in transport[0] and req.funded_by not in transport[1]),
        jp_deferral=req.jp_deferral,
    )


def to_columns(req: ContributionRequest) -> engine.ContributionColumns:
    """The one-row engine input of a request."""
    birth = -1 if req.birth_date is None else month_index(req.birth_date.year, req.birth_date.month)
    return engine.ContributionColumns(
        segment=np.asarray([PU if req.segment == "PU" else BPU], dtype=np.int8),
        period=np.asarray([month_index(req.period.year, req.period.month)], dtype=np.int32),
        wage=np.asarray([req.wage], dtype=np.int64),
        risk_group=np.asarray([req.risk_group if req.segment == "PU" else 0], dtype=np.int8),
        programs=np.asarray([programs_mask(req.programs)], dtype=np.uint8),
        birth_month=np.asarray([birth], dtype=np.int32),
        sector=np.asarray([SECTOR_CODE.get(req.sector, 0)], dtype=np.int8),
        participants=np.asarray([req.participants], dtype=np.int32),
        funded_by=np.asarray([FUNDER_CODE[req.funded_by]], dtype=np.int8),
        jp_deferral=np.asarray([req.jp_deferral], dtype=np.bool_),
    )


def _pct(rate: Fraction, lang: int) -> str:
    return explain.rate_id(rate) if lang == 0 else format_rate(rate)


def _discount_words(used: tuple[ParameterValue, ...]) -> tuple[str, str]:
    names = [e.reference.regulation for e in used if e.name.startswith("discounts.")]
    if not names:
        return "", ""
    return f", setelah keringanan {', '.join(names)}", f", after the {', '.join(names)} discount"


def _rate_detail(rate: Fraction, base: int, used: tuple[ParameterValue, ...], what: tuple[str, str]) -> tuple[str, str]:
    disc = _discount_words(used)
    return (
        f"{_pct(rate, 0)} dari {what[0]} {explain.rupiah_id(base)}{disc[0]}",
        f"{_pct(rate, 1)} of the {what[1]} {explain.rupiah_en(base)}{disc[1]}",
    )


def _charge(amount: ProgramAmount, segment: str, payer: int, legal: dict[str, int]) -> ProgramAmount:
    """Put the amounts on the legal shares (PU) or on the BPU row's funder."""
    if segment == "PU":
        for share, value in legal.items():
            setattr(amount, share, value)
    else:
        setattr(amount, PAYER_SHARE[payer], sum(legal.values()))
    return amount


def _jkk(req: ContributionRequest, res: engine.ContributionResult, payer: int) -> ProgramAmount:
    case = _case(req)
    rate, used = rates.jkk_rate(req.lookup_day, case)
    what = ("upah", "wage") if req.segment == "PU" else ("penghasilan", "declared income")
    detail = _rate_detail(rate, req.wage, used, what)
    if req.segment == "PU":
        detail = (f"kelompok risiko {req.risk_group}, {detail[0]}", f"risk group {req.risk_group}, {detail[1]}")
    amount = ProgramAmount("JKK", used=used, detail=detail)
    jkk_recomp, _, recomp_used = rates.jkp_recomposition(req.lookup_day)
    if req.segment == "PU" and jkk_recomp and "JKP" in req.programs:
        amount.information["recomposition_to_jkp"] = apply_rate(min(req.wage, _jkp_cap(req)), jkk_recomp)
        amount.used = (*used, *recomp_used[:1])
    return _charge(amount, req.segment, payer, {"employer": int(res.jkk[0])})


def _jkm(req: ContributionRequest, res: engine.ContributionResult, payer: int) -> ProgramAmount:
    rate, flat, used = rates.jkm_terms(req.lookup_day, _case(req))
    if req.segment == "PU":
        detail = _rate_detail(rate, req.wage, used, ("upah", "wage"))
    else:
        disc = _discount_words(used)
        detail = (f"iuran tetap {explain.rupiah_id(flat)}{disc[0]}", f"flat amount {explain.rupiah_en(flat)}{disc[1]}")
    amount = ProgramAmount("JKM", used=used, detail=detail)
    _, jkm_recomp, recomp_used = rates.jkp_recomposition(req.lookup_day)
    if req.segment == "PU" and jkm_recomp and "JKP" in req.programs:
        amount.information["recomposition_to_jkp"] = apply_rate(min(req.wage, _jkp_cap(req)), jkm_recomp)
        amount.used = (*used, *recomp_used[1:])
    return _charge(amount, req.segment, payer, {"employer": int(res.jkm[0])})


def _jht(req: ContributionRequest, res: engine.ContributionResult, payer: int) -> ProgramAmount:
    employer, worker, used = rates.jht_rates(req.lookup_day, _case(req))
    what = ("upah", "wage") if req.segment == "PU" else ("penghasilan", "declared income")
    detail = _rate_detail(employer + worker, req.wage, used, what)
    amount = ProgramAmount("JHT", used=used, detail=detail)
    legal = {"employer": int(res.jht_employer[0]), "worker": int(res.jht_worker[0])}
    return _charge(amount, req.segment, payer, legal)


def _jp(req: ContributionRequest, res: engine.ContributionResult) -> ProgramAmount:
    employer, worker, cap, used = rates.jp_terms(req.lookup_day, _case(req))
    base = min(req.wage, cap)
    amount = ProgramAmount("JP", int(res.jp_employer[0]), int(res.jp_worker[0]), 0, used)
    amount.detail = _rate_detail(employer + worker, base, used, ("upah (dibatasi)", "capped wage"))
    if amount.total == 0 and req.birth_date is not None:
        age_entry = _pension_entry(req)
        amount.used = (*used, age_entry)
        amount.detail = (
            "peserta telah mencapai usia pensiun tahun ini",
            "the worker has reached this year's pension age",
        )
    if res.jp_deferred is not None:
        amount.deferred = int(res.jp_deferred[0])
    return amount


def _pension_entry(req: ContributionRequest) -> ParameterValue:
    from lindung.rules.params import parameter

    return parameter("pension_age.jp_pension_age").require(max(req.period, dt.date(2015, 7, 1)))


def _jkp_cap(req: ContributionRequest) -> int:
    return rates.jkp_terms(req.lookup_day, rates.Case(segment=PU))[1]


def _jkp(req: ContributionRequest, res: engine.ContributionResult) -> ProgramAmount:
    rate, cap, used = rates.jkp_terms(req.lookup_day, _case(req))
    amount = ProgramAmount("JKP", 0, 0, int(res.jkp_government[0]), used)
    if not used:
        amount.detail = ("JKP belum berlaku sebelum 2 Februari 2021", "JKP did not exist before 2 Feb 2021")
        return amount
    amount.detail = _rate_detail(rate, min(req.wage, cap), used, ("upah (maks. Rp 5 juta)", "wage capped at Rp 5m"))
    return amount


def calculate(req: ContributionRequest) -> list[ProgramAmount]:
    """Amounts of every requested programme for one PU or BPU participant."""
    res = engine.contributions(to_columns(req), as_of=req.as_of, threads=1)
    payer = FUNDER_PAYER[req.funded_by]
    builders = {
        "JKK": lambda: _jkk(req, res, payer),
        "JKM": lambda: _jkm(req, res, payer),
        "JHT": lambda: _jht(req, res, payer),
        "JP": lambda: _jp(req, res),
        "JKP": lambda: _jkp(req, res),
    }
    return [builders[p]() for p in ("JKK", "JKM", "JHT", "JP", "JKP") if p in req.programs]
