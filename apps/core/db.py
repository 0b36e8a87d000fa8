"""Database housekeeping shared by the bulk writers."""

from django.db import connection, models


def refresh_statistics(*tables: type[models.Model]) -> None:
    """Refresh the query planner's statistics after a bulk write (ANALYZE, on SQLite and
    PostgreSQL alike); all tables when none is named.

    Freshly bulk-loaded tables have none until autovacuum's next round (PostgreSQL) or ever
    (SQLite), and the status filters then get plans slower by up to two orders of magnitude.
    """
    names = [connection.ops.quote_name(t._meta.db_table) for t in tables] or [""]
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"ANALYZE {name}".strip())
