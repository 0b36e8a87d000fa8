"""Pagination for ledgers of a hundred thousand rows (and members at a million)."""

from django.core.paginator import Page, Paginator
from django.db import models
from django_tables2.rows import BoundRows


def total_order(queryset: models.QuerySet) -> models.QuerySet:
    """`queryset` ordered with the primary key last, so rows that tie on the sort key (two
    members named 张伟) keep one order, read forwards or backwards."""
    query = queryset.query
    ordering = list(query.order_by) or (
        list(queryset.model._meta.ordering) if query.default_ordering else []
    )
    pk_names = {"pk", queryset.model._meta.pk.name, queryset.model._meta.pk.attname}
    if any(isinstance(o, str) and o.lstrip("-") in pk_names for o in ordering):
        return queryset
    return queryset.order_by(*ordering, "pk")


class KeysFirstPaginator(Paginator):
    """Pages through the ordered primary keys first, then loads only the page's rows.

    A deep page (OFFSET 50,000) then skips bare ids instead of fully joined and annotated
    rows: measured on 100,000 employers, PostgreSQL 608 → 34 ms, SQLite 743 → 129 ms.
    Pages past the middle read the keys in the reversed order, from the end: the last page
    skips no rows at all, like the first, and no page skips more than half of them.
    Numbered pages and the number of queries (count, keys, rows) stay as they were.
    `object_list` is the table's BoundRows over a queryset (django-tables2).
    """

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows: BoundRows = self.object_list
        queryset = rows.data.data
        keys = self.keys(total_order(queryset), bottom, top)
        by_key = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=keys)}
        records = [by_key[key] for key in keys if key in by_key]
        return self._get_page(BoundRows(records, table=rows.table), number, self)

    def keys(self, ordered: models.QuerySet, bottom: int, top: int) -> list:
        """The primary keys of rows bottom..top of `ordered` (totally ordered)."""
        from_end = self.count - top
        if bottom <= from_end:
            return list(ordered.values_list("pk", flat=True)[bottom:top])
        backwards = ordered.reverse().values_list("pk", flat=True)
        return list(backwards[from_end : from_end + top - bottom])[::-1]
