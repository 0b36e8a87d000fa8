"""The members app's hand-written SQL, kept in this one module so it is found and reviewed.

Why by hand: looking up many (name, birth date) pairs at once means joining a list of values,
which the ORM cannot express. The list goes in as one parameter and is unpacked as a table, in
each database's own dialect (PostgreSQL: two arrays and `unnest`; SQLite: a JSON array and
`json_each`). Every other query of the app goes through the ORM, except the bulk INSERT of
generated data in management/commands/generate_scale.py.
"""

from __future__ import annotations

import datetime
import json

from django.db import connection

PAIRS_BATCH = 10_000  # pairs per probe of held_twice


def held_twice(pairs: list[tuple[str, datetime.date]]) -> set[tuple[str, datetime.date]]:
    """The (name, birth date) pairs that two members or more hold, whatever their status: each
    pair looked up in the member_name_birth index alone. The ORM cannot join a list of values,
    so the list goes in as one parameter (PostgreSQL: two arrays; SQLite: a JSON array)."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT a.name, a.born FROM unnest(%s::text[], %s::date[]) AS a (name, born) "
            "JOIN members_member m ON m.name = a.name AND m.birth_date = a.born "
            "GROUP BY a.name, a.born HAVING count(*) > 1"
        )

        def params(chunk):
            return [[name for name, _ in chunk], [born for _, born in chunk]]
    else:
        sql = (
            "SELECT json_extract(a.value, '$[0]'), json_extract(a.value, '$[1]') "
            "FROM json_each(%s) AS a JOIN members_member m "
            "ON m.name = json_extract(a.value, '$[0]') "
            "AND m.birth_date = json_extract(a.value, '$[1]') "
            "GROUP BY 1, 2 HAVING count(*) > 1"
        )

        def params(chunk):
            return [json.dumps([[name, born.isoformat()] for name, born in chunk])]

    found = set()
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), PAIRS_BATCH):
            cursor.execute(sql, params(pairs[start : start + PAIRS_BATCH]))
            found.update(
                (
                    name,
                    born if isinstance(born, datetime.date) else datetime.date.fromisoformat(born),
                )
                for name, born in cursor.fetchall()
            )
    return found
