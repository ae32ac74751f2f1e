"""Child workers (UU 13/2003 Pasal 68-71): the refusal and the warning the officer sees, in Bahasa Indonesia.

The ages and the verdict come from the rules (``child_work.*`` parameters, through ``rules_adapter``); this
module only words them, the same way for the form, the API and the imports (whose issues keep the code and
these parameters and are worded when shown).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from lindung.registry import notes
from lindung.registry import rules_adapter as rules
from lindung.registry.models import Segment

TOO_YOUNG = (
    _(
        "Pekerja berumur %(age)s tahun pada tanggal mulai. Pengusaha dilarang mempekerjakan anak (UU 13/2003 "
        "Pasal 68); umur termuda yang disebut undang-undang untuk bekerja adalah %(youngest)s tahun (%(reference)s)."
    ),
    _("Periksa tanggal lahir dan tanggal mulai; anak di bawah %(youngest)s tahun tidak dapat didaftarkan sebagai PU."),
)
CHILD = (
    _(
        "Pekerja berumur %(age)s tahun pada tanggal mulai: masih anak menurut UU 13/2003 Pasal 1 angka 26. "
        "Anak hanya boleh dipekerjakan sebagai pengecualian Pasal 68, yaitu UU 13/2003 %(articles)s."
    ),
    _(
        "Pastikan pekerjaannya memenuhi syarat pasal tersebut (pekerjaan ringan, bagian kurikulum pendidikan atau "
        "pelatihan, atau mengembangkan bakat dan minat)."
    ),
)


def params(answer: rules.ChildWork) -> dict[str, Any]:
    """The values the messages take; no personal data (the age only, never the birth date)."""
    return {"age": answer.age, "youngest": answer.youngest, "reference": answer.reference, "articles": answer.articles}


def check(*, birth_date: dt.date, segment: str, day: dt.date) -> rules.ChildWork | None:
    """The rules' answer for a PU worker under 18 on ``day``; None for an adult, a BPU or a date before the Act."""
    if segment != Segment.PU:
        return None
    answer = rules.pu_child_work(birth_date, day)
    return answer if answer is not None and answer.verdict != "adult" else None


def refusal(answer: rules.ChildWork) -> str:
    return f"{str(TOO_YOUNG[0]) % params(answer)} {str(TOO_YOUNG[1]) % params(answer)}"


def warning(answer: rules.ChildWork) -> str:
    return f"{str(CHILD[0]) % params(answer)} {CHILD[1]!s}"


def note(answer: rules.ChildWork) -> str:
    """The eligibility note kept with the membership (notes are English, as the other rules' notes)."""
    return notes.CHILD.format(answer.age, answer.articles, answer.reference)
