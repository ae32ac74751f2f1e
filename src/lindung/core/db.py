"""Database housekeeping shared by the apps: fresh planner statistics after bulk writes.

SQLite keeps no statistics until ``ANALYZE`` runs, and without them its planner guesses: on a registry loaded in
bulk it drove a 2,930-id membership look-up from every worker of the region through the worker index (48 s on the
50,000-worker demo) where, with statistics, it reads the ids directly (0.19 s). ``PRAGMA optimize`` only considers
the tables whose indexes the same connection's queries used, which a bulk writer hardly reads, so the bulk writers
— the import of a file, each step of the demo generator, the nightly coverage refresh — call
:func:`planner_statistics_refresh` on what they wrote. The statistics are read whole: with ``PRAGMA
analysis_limit`` SQLite caps its estimate of rows per key at the limit, so an index on the region (one value for
200,000 workers) looked selective and was chosen to read the whole region (coverage's read of 180,905 memberships:
3.9 s, against 2.5 s with a scan of the workers). A full ``ANALYZE`` takes under a second on the 200,000-worker
demo before billing, about two after it. PostgreSQL's autovacuum analyses tables on its own, but only after a
delay: the same call runs ``ANALYZE`` on the tables named, so the query right after a bulk load is planned on the
new sizes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection

logger = logging.getLogger(__name__)
#: SQLite page cache for bulk writers (KiB). They write all over their tables' indexes; with SQLite's default
#: 2 MB each row reads its index pages again.
BULK_CACHE_KIB = 131072


def planner_statistics_refresh(tables: Iterable[str] | None = None) -> float:
    """Refresh the query planner's statistics of ``tables`` (every table when None); returns the seconds spent."""
    started = time.perf_counter()
    names = sorted(set(tables)) if tables is not None else None
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 0")  # read every index whole (see above)
        if names is None:
            cursor.execute("ANALYZE")
        else:
            for name in names:
                cursor.execute(f"ANALYZE {quote(name)}")
    seconds = time.perf_counter() - started
    logger.debug("planner statistics refreshed (%s) in %.2f s", "all tables" if names is None else len(names), seconds)
    return seconds


@contextmanager
def sqlite_page_cache(kib: int = BULK_CACHE_KIB) -> Iterator[None]:
    """SQLite: a page cache of ``kib`` for the block (bulk writes), the connection's own after; elsewhere nothing."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")
