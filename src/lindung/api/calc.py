"""The calc contract over REST: POST one object or an array; 422 with the error object on bad input."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Router

from lindung.core.calc_adapter import calc_run

router = Router(tags=["calc"])

BODY = {
    "content": {
        "application/json": {
            "schema": {
                "oneOf": [{"type": "object"}, {"type": "array", "items": {"type": "object"}}],
                "description": "See docs/calc-contract.md for every field.",
            },
            "example": {
                "segment": "PU",
                "period": "2026-03",
                "monthly_wage": 4500000,
                "jkk_risk_group": 1,
                "birth_date": "1990-05-01",
                "programs": ["JKK", "JKM", "JHT", "JP", "JKP"],
            },
        }
    },
    "required": True,
}


def _answer(kind: str, request: HttpRequest) -> JsonResponse:
    try:
        payload: Any = json.loads(request.body or b"null")
    except json.JSONDecodeError as exc:
        return JsonResponse({"error": "invalid_json", "field": "(root)", "message": exc.msg}, status=422)
    output, ok = calc_run(kind, payload)
    return JsonResponse(output, status=200 if ok else 422, safe=False, json_dumps_params={"ensure_ascii": False})


@router.post("/calc/contribution", openapi_extra={"requestBody": BODY}, summary="Contributions (iuran)")
def contribution(request: HttpRequest) -> JsonResponse:
    return _answer("contribution", request)


@router.post("/calc/benefit", openapi_extra={"requestBody": BODY}, summary="Benefit estimate (manfaat)")
def benefit(request: HttpRequest) -> JsonResponse:
    return _answer("benefit", request)


@router.post("/calc/eligibility", openapi_extra={"requestBody": BODY}, summary="Eligibility (kepesertaan)")
def eligibility(request: HttpRequest) -> JsonResponse:
    return _answer("eligibility", request)
