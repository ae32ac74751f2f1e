"""The ``contribution`` call of the calc contract, for all four segments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from lindung.rules import api_input as inp
from lindung.rules import construction, contribution, explain, pmi, wage_basis
from lindung.rules.codes import PROGRAMS
from lindung.rules.contribution import ContributionRequest, ProgramAmount
from lindung.rules.deadlines import due_date, late_fine
from lindung.rules.errors import RulesInputError
from lindung.rules.params import ParameterValue, int_at, parameter, value_at
from lindung.rules.rates import in_force

Obj = Mapping[str, object]


def _default_programs(segment: str, day: dt.date, size: str | None) -> tuple[str, ...]:
    if segment == "BPU":
        entry = value_at("bpu.programs_required", day)
        assert isinstance(entry.value, tuple)
        return tuple(str(p) for p in entry.value)
    jkp = parameter("jkp.government_rate").at(day) is not None
    programs = ["JKK", "JKM", "JHT", "JP", *(["JKP"] if jkp else [])]
    if size in ("micro", "small"):
        programs.remove("JP")  # PP 6/2025 Pasal 4(3): JP is required of medium and large enterprises
    return tuple(programs)


def _allowed(segment: str, programs: tuple[str, ...], day: dt.date) -> None:
    table = value_at("enrolment.programs_by_segment", day).value
    assert isinstance(table, dict)
    allowed = tuple(str(p) for p in table[segment])
    for program in programs:
        if program not in allowed:
            raise RulesInputError(
                "programs", f"{program} is not available to {segment} participants", allowed, code="not_applicable"
            )


def _wage(obj: Obj, segment: str, day: dt.date) -> tuple[int, dict[str, object] | None]:
    """The contribution base and, for PU wages given as components, how it was derived."""
    if segment == "BPU":
        if obj.get("declared_income") is None and obj.get("monthly_wage") is not None:
            raise RulesInputError("declared_income", "BPU use declared_income, not monthly_wage", "integer >= 0")
        income = inp.money(obj, "declared_income")
        assert income is not None
        minimum, entry = int_at("bpu.min_declared_income", day)
        if income < minimum:
            raise RulesInputError(
                "declared_income",
                f"declared income {income:,} is below the BPU minimum {minimum:,} ({entry.reference.short()})",
                f">= {minimum}",
                code="out_of_range",
            )
        return income, None
    basis = _wage_basis(obj, day)
    if basis is None:
        wage = inp.money(obj, "monthly_wage")
        assert wage is not None
        return wage, None
    out = {"monthly_wage": basis.monthly_wage, "method": basis.method, "references": explain.references(basis.used)}
    return basis.monthly_wage, out


def _wage_basis(obj: Obj, day: dt.date) -> wage_basis.WageBasis | None:
    if obj.get("monthly_wage") is not None:
        return None
    if obj.get("daily_wage") is not None:
        daily = inp.money(obj, "daily_wage")
        assert daily is not None
        return wage_basis.from_daily(day, daily)
    pieces = inp.money_list(obj, "piece_rate_earnings")
    if pieces is not None:
        try:
            return wage_basis.from_piece_rate(day, pieces, inp.flag(obj, "weather_dependent"))
        except ValueError as exc:
            raise RulesInputError("piece_rate_earnings", str(exc), "list of the last 3 (or 12) months") from None
    if obj.get("basic_wage") is not None:
        basic = inp.money(obj, "basic_wage")
        assert basic is not None
        return wage_basis.from_components(day, basic, inp.money_list(obj, "fixed_allowances") or [])
    return None


def _jp_deferral(obj: Obj, first: dt.date, size: str | None) -> bool:
    if not inp.flag(obj, "jp_deferral"):
        return False
    window = in_force("discounts.covid_jp_deferral_sizes", first)
    if window is None:
        raise RulesInputError(
            "jp_deferral", "JP deferral existed only for Aug 2020 - Jan 2021", "false", code="not_applicable"
        )
    sizes = tuple(str(s) for s in window.value) if isinstance(window.value, tuple) else ()
    if size not in sizes:
        raise RulesInputError(
            "employer_size", "JP deferral needs a medium or large enterprise", sizes, code="not_applicable"
        )
    return True


def person_request(obj: Obj, segment: str) -> tuple[ContributionRequest, dict[str, object] | None]:
    """Build the request of a PU or BPU row from JSON fields."""
    first, exact = inp.period(obj)
    day = exact or first
    size = inp.employer_size(obj)
    programs = inp.programs(obj, _default_programs(segment, day, size))
    _allowed(segment, programs, day)
    wage, basis = _wage(obj, segment, day)
    # The risk group only selects the JKK rate; without JKK it may be left out.
    risk = inp.integer(obj, "jkk_risk_group", 1, 5, default=None if "JKK" in programs else 1) if segment == "PU" else 1
    req = ContributionRequest(
        segment=segment,
        period=first,
        wage=wage,
        programs=programs,
        risk_group=risk,
        birth_date=inp.date(obj, "birth_date", required=False),
        sector=inp.sector(obj),
        participants=inp.integer(obj, "employer_active_participants", 0, 10_000_000, default=0),
        funded_by=inp.funded_by(obj, "employer" if segment == "PU" else "self"),
        jp_deferral=_jp_deferral(obj, first, size) if segment == "PU" else False,
        as_of=exact,
    )
    return req, basis


def _totals(amounts: list[ProgramAmount]) -> dict[str, int]:
    out = {s: sum(getattr(a, s) for a in amounts) for s in ("employer", "worker", "government")}
    out["total"] = sum(out.values())
    return out


def _fines(obj: Obj, req: ContributionRequest, amounts: list[ProgramAmount]) -> dict[str, object] | None:
    paid = inp.date(obj, "paid_date", required=False)
    if paid is None:
        return None
    kind = inp.employer_kind(obj)
    rows: dict[str, object] = {}
    total = 0
    for a in amounts:
        fine = late_fine(a.employer + a.worker, a.program, req.segment, kind, req.period, paid)
        total += fine.amount
        row: dict[str, object] = {
            "amount": fine.amount,
            "months_late": fine.months,
            "rate": explain.format_value(fine.rate),
            "code": fine.code,
            "reason": fine.reason,
            "references": explain.references(fine.used),
        }
        if fine.code == "employer_not_fined":
            row["employer_kind"] = kind
        rows[a.program] = row
    return {"paid_date": paid.isoformat(), "total": total, "programs": rows}


def person(obj: Obj, segment: str, explain_on: bool) -> dict[str, object]:
    """PU or BPU contribution of one participant for one month."""
    req, basis = person_request(obj, segment)
    amounts = contribution.calculate(req)
    due = due_date(segment, req.period)
    warnings = [
        w
        for w in [wage_basis.below_umk_warning(req.lookup_day, req.wage, inp.money(obj, "umk", required=False))]
        if w is not None
    ]
    if segment == "PU" and "JP" in req.programs and req.birth_date is None:
        warnings.append(
            {
                "code": "birth_date_missing",
                "field": "birth_date",
                "message": "birth_date not given: the JP pension-age stop was not checked",
            }
        )
    out: dict[str, object] = {
        "segment": segment,
        "period": f"{req.period:%Y-%m}",
        "as_of": req.lookup_day.isoformat(),
        "programs": {a.program: a.as_dict(explain_on) for a in amounts},
        "total": _totals(amounts),
        "due_date": due.date.isoformat(),
        "warnings": warnings,
    }
    if basis is not None:
        out["wage_basis"] = basis
    fines = _fines(obj, req, amounts)
    if fines is not None:
        out["fines"] = fines
    return out


def _program_block(
    employer: int, worker: int, used: tuple[ParameterValue, ...], explain_on: bool, sentence: tuple[str, str]
) -> dict[str, object]:
    block: dict[str, object] = {
        "employer": employer,
        "worker": worker,
        "government": 0,
        "total": employer + worker,
        "references": explain.references(used),
    }
    if explain_on:
        block["explanation"] = explain.trace(used)
        block["sentence"] = {"id": sentence[0], "en": sentence[1]}
    return block


def construction_project(obj: Obj, explain_on: bool) -> dict[str, object]:
    """Jasa konstruksi: contract value in marginal bands, or the known monthly wage of a worker."""
    first, exact = inp.period(obj)
    day = exact or first
    if obj.get("monthly_wage") is not None:
        wage = inp.money(obj, "monthly_wage")
        assert wage is not None
        jkk, jkm, used = construction.known_wage_contribution(day, wage)
        basis = f"upah {explain.rupiah_id(wage)}", f"wage {explain.rupiah_en(wage)}"
    else:
        value = inp.money(obj, "contract_value")
        assert value is not None
        jkk, jkm, bands = construction.contract_value_contribution(day, value)
        used = bands.used
        basis = f"nilai kontrak {explain.rupiah_id(value)}", f"contract value {explain.rupiah_en(value)}"
    blocks = {}
    for name, amount in (("JKK", jkk), ("JKM", jkm)):
        words = (
            f"Iuran {name} {explain.rupiah_id(amount)} dibayar kontraktor atas {basis[0]}",
            f"{name} contribution {explain.rupiah_en(amount)} paid by the contractor on the {basis[1]}",
        )
        blocks[name] = _program_block(amount, 0, used, explain_on, words)
    total = jkk + jkm
    return {
        "segment": "JASA_KONSTRUKSI",
        "period": f"{first:%Y-%m}",
        "as_of": day.isoformat(),
        "programs": blocks,
        "total": {"employer": total, "worker": 0, "government": 0, "total": total},
        "warnings": [],
    }


def migrant_worker(obj: Obj, explain_on: bool) -> dict[str, object]:
    """PMI: JKK+JKM package by contract length, optional monthly JHT."""
    first, exact = inp.period(obj)
    day = exact or first
    months = inp.integer(obj, "contract_months", 1, 240)
    amount = pmi.jkk_jkm(day, months, inp.flag(obj, "before_departure", True))
    words = (
        f"Iuran JKK+JKM PMI {explain.rupiah_id(amount.total)}: paket {amount.package_months} bulan "
        f"{explain.rupiah_id(amount.package)} + {amount.extra_months} bulan tambahan + pra-penempatan "
        f"{explain.rupiah_id(amount.pre_departure)}",
        f"PMI JKK+JKM {explain.rupiah_en(amount.total)}: {amount.package_months}-month package "
        f"{explain.rupiah_en(amount.package)} + {amount.extra_months} extra months + pre-departure "
        f"{explain.rupiah_en(amount.pre_departure)}",
    )
    blocks = {"JKK_JKM": _program_block(0, amount.total, amount.used, explain_on, words)}
    jht = inp.money(obj, "pmi_jht_monthly", required=False)
    if jht is not None:
        options, entry = pmi.jht_options(day)
        if jht not in options:
            raise RulesInputError("pmi_jht_monthly", f"{jht:,} is not a PMI JHT option", [str(o) for o in options])
        blocks["JHT"] = _program_block(0, jht, (entry,), explain_on, ("JHT PMI per bulan", "PMI JHT per month"))
    total = sum(int(str(b["total"])) for b in blocks.values())
    return {
        "segment": "PMI",
        "period": f"{first:%Y-%m}",
        "as_of": day.isoformat(),
        "programs": blocks,
        "total": {"employer": 0, "worker": total, "government": 0, "total": total},
        "warnings": [],
    }


__all__ = ["PROGRAMS", "construction_project", "migrant_worker", "person", "person_request"]
