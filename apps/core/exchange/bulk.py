"""Bulk writes of imports and generated data: rows inserted with their history in one pass,
and the query planner's statistics refreshed after them."""

import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone


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


# Field types whose Python value is already what the driver takes; the others (dates,
# datetimes, decimals, JSON) go through the field's own preparation.
_RAW_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}
INSERT_BATCH = 2000


def insert_rows(model: type[models.Model], rows: Iterable[dict], batch: int = INSERT_BATCH) -> None:
    """INSERT rows (attname → value), each value prepared once, the statement compiled once.
    `rows` may be a generator: they are read a batch at a time.

    For imports of 100,000 rows: the ORM's bulk_create compiles every value of every row
    through the query compiler, several times slower than the insert itself. SQLite takes the
    rows through executemany (its loop runs in C), PostgreSQL through COPY (psycopg's
    executemany sends a statement per row). No pk is returned; the caller reads keys back by
    their natural key. Defaults are the caller's to fill in.
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    rows = itertools.chain([first], rows)
    fields = [f for f in model._meta.concrete_fields if f.attname in first]
    # The connection itself: `connection` is a proxy that looks it up on every use.
    db = connections[DEFAULT_DB_ALIAS]
    # A row's values are picked in C (itemgetter: a tuple, or the value alone for one name);
    # only the fields that need it are prepared.
    names = [f.attname for f in fields]
    pick = operator.itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    prepared = [
        (i, _prepare(f, db))
        for i, f in enumerate(fields)
        if f.get_internal_type() not in _RAW_TYPES
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)

    def values(row: dict) -> Sequence:
        picked = pick(row)
        if not prepared:
            return picked
        picked = list(picked)
        for i, prepare in prepared:
            picked[i] = prepare(picked[i])
        return picked

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        while chunk := [values(row) for row in itertools.islice(rows, batch)]:
            cursor.executemany(sql, chunk)


def _prepare(field: models.Field, db) -> Callable[[Any], Any]:
    """The field's preparation of a value for the database, each distinct value prepared
    once: dates repeat (birth days, the history's one timestamp), and Django's chain of
    preparation costs microseconds a value, which adds up over 100,000 history rows."""
    prepared: dict[Any, Any] = {}

    def prepare(value: Any) -> Any:
        try:
            return prepared[value]
        except KeyError:
            result = prepared[value] = field.get_db_prep_save(value, db)
            return result
        except TypeError:  # unhashable (JSON)
            return field.get_db_prep_save(value, db)

    return prepare


def default_row(model: type[models.Model], **values) -> dict:
    """A row for insert_rows: every concrete field but the pk (attname → value), the model's
    defaults where `values` (by attname) names none (no model instance is built: 100,000 of
    them cost seconds)."""
    constant, called = _defaults(model)
    row = {**constant, **{f.attname: f.get_default() for f in called}}
    row.update(values)
    return row


@functools.cache
def _defaults(model: type[models.Model]) -> tuple[dict, list[models.Field]]:
    """A model's constant defaults (attname → value), worked out once, and the fields whose
    default is called for each row."""
    constant, called = {}, []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.has_default() and callable(f.default):
            called.append(f)
        else:
            constant[f.attname] = f.get_default()
    return constant, called


def insert_with_history(
    model: type[models.Model], rows: list[dict], *, key: str, user, reason: str
) -> None:
    """Insert new rows (insert_rows), give each row its pk, and write their
    django-simple-history rows ("+", user, reason).

    The pks are read back as the rows above the largest pk before the insert, matched by
    `key` (a unique field): new pks only grow (a PostgreSQL sequence, SQLite AUTOINCREMENT),
    and a row another session added meanwhile has a key not in `rows`. One range read, where
    looking the keys up 2,000 at a time cost 2 s for 100,000 rows.
    """
    pk = model._meta.pk.attname
    table = model._default_manager.order_by()
    before = table.aggregate(last=models.Max("pk"))["last"] or 0
    insert_rows(model, rows)
    by_key = {row[key]: row for row in rows}
    for value, found in table.filter(pk__gt=before).values_list(key, "pk").iterator(10_000):
        if value in by_key:
            by_key[value][pk] = found
    history = model.history.model
    stamp = {
        "history_date": timezone.now(),
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": getattr(user, "pk", None),
    }
    # The row's own fields, stamped; made a batch at a time, never all held at once.
    insert_rows(history, ({**row, **stamp} for row in rows))
