"""Query parameters shared by the API's list endpoints, bounded so a bad value is a 422, never a 500.

An unbounded ``offset`` reached the database (a negative one raised in the queryset; one past 2**63 overflowed
the SQL integer), and a ``year`` outside 1..9999 raised in ``datetime.date``.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

#: Far past any list's length, and ``offset + PAGE`` stays inside a 64-bit integer.
MAX_OFFSET = 100_000_000

Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="rows to skip (0 to 100,000,000)")]
Limit = Annotated[int, Field(ge=1, le=5000, description="rows to return (1 to 5,000)")]
Year = Annotated[int, Field(ge=2000, le=2100, description="calendar year (2000 to 2100)")]
#: A page of 100 rows (billing's lists): a page far past the end overflowed the database's 64-bit offset, and a
#: page below 1 silently meant page 1.
Page = Annotated[int, Field(ge=1, le=1_000_000, description="page of 100 rows, from 1 (1 to 1,000,000)")]
