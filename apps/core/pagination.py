"""Pagination for ledgers of a hundred thousand rows (and members at a million)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db import connections, models
from django.db.models import Q
from django_tables2.rows import BoundRows
from django_tables2.templatetags.django_tables2 import table_page_range

# The query parameter of a page link's cursor (generic/_table.html writes it).
CURSOR_PARAM = "cursor"
CURSOR_SALT = "apps.core.pagination.cursor"
# Links this many pages away from the current one or fewer start from its first or last row;
# farther ones (typed, or the range's ends) are numbered pages read with OFFSET.
CURSOR_REACH = 10


def total_order(queryset: models.QuerySet) -> models.QuerySet:
    """`queryset` ordered with the primary key last, so rows that tie on the sort key (two
    members named 张伟) keep one order, read forwards or backwards."""
    query = queryset.query
    ordering = list(query.order_by) or (
        list(queryset.model._meta.ordering) if query.default_ordering else []
    )
    pk_names = {"pk", queryset.model._meta.pk.name, queryset.model._meta.pk.attname}
    if any(isinstance(o, str) and o.lstrip("-") in pk_names for o in ordering):
        return queryset.order_by(*ordering)  # spelled out, for order_terms
    return queryset.order_by(*ordering, "pk")


@dataclass(frozen=True)
class Term:
    """One column of a total order, as `values_list` and `filter` take it."""

    name: str
    descending: bool
    field: models.Field
    nullable: bool

    def __str__(self) -> str:
        return f"-{self.name}" if self.descending else self.name


def order_terms(queryset: models.QuerySet) -> list[Term] | None:
    """The columns a totally ordered queryset sorts by, up to and including its own primary
    key, with a relation's ordering spelled out the way Django's ORDER BY does it (`-union`
    → `-union__path`). None when the order cannot be resumed from a row's values: an
    expression, a random order, a path across a many-valued relation."""
    terms: list[Term] = []
    for item in queryset.query.order_by:
        if not isinstance(item, str) or item == "?":
            return None
        resolved = _resolve(queryset, item.lstrip("-"), item.startswith("-"), depth=0)
        if resolved is None:
            return None
        for term in resolved:
            terms.append(term)
            if term.field.primary_key and "__" not in term.name:
                return terms  # unique: later columns never decide
    return None


def _resolve(queryset: models.QuerySet, name: str, descending: bool, depth: int):
    if name in queryset.query.annotations:
        field = queryset.query.annotations[name].output_field
        return [Term(name, descending, field, nullable=True)]
    model, nullable, parts = queryset.model, False, name.split("__")
    for index, part in enumerate(parts):
        try:
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        nullable = nullable or field.null
        if not field.is_relation:
            continue
        if not (field.many_to_one or field.one_to_one) or not field.concrete:
            return None  # a reverse or many-to-many path repeats rows
        if part == field.attname != field.name:  # `union_id`: the column itself
            return [Term(name, descending, field.target_field, nullable)]
        if index < len(parts) - 1:
            model = field.related_model
            continue
        if depth > 3:
            return None
        # Ordering by a relation is ordering by the related model's ordering (or its key).
        terms = []
        for item in field.related_model._meta.ordering or ["pk"]:
            if not isinstance(item, str):
                return None
            sub = _resolve(
                queryset,
                f"{name}__{item.lstrip('-')}",
                descending != item.startswith("-"),
                depth + 1,
            )
            if sub is None:
                return None
            terms += [Term(t.name, t.descending, t.field, t.nullable or nullable) for t in sub]
        return terms
    if len(parts) > 1 and parts[-1] == "pk":
        return None
    return [Term(name, descending, field, nullable)]


def beyond(terms: list[Term], values: tuple, *, backwards: bool, vendor_nulls_largest: bool) -> Q:
    """The rows strictly after the row whose sort values are `values` in the order of `terms`
    (strictly before it when `backwards`): (a, b, pk) > (x, y, k) spelled out as
    a > x OR (a = x AND b > y) OR (a = x AND b = y AND pk > k), with NULLs where the database
    sorts them, and a leading a >= x that an index on a can start from."""
    nothing = Q(pk__in=[])
    condition, ties = nothing, Q()
    for term, value in zip(terms, values, strict=True):
        upwards = term.descending == backwards
        nulls_follow = vendor_nulls_largest == upwards  # NULLs sort after every value
        if value is None:
            after = Q(**{f"{term.name}__isnull": False}) if not nulls_follow else nothing
            equal = Q(**{f"{term.name}__isnull": True})
        else:
            after = Q(**{f"{term.name}__{'gt' if upwards else 'lt'}": value})
            if nulls_follow and term.nullable:
                after |= Q(**{f"{term.name}__isnull": True})
            equal = Q(**{term.name: value})
        condition |= ties & after
        ties &= equal
    first, value = terms[0], values[0]
    upwards = first.descending == backwards
    if value is not None and (vendor_nulls_largest != upwards or not first.nullable):
        condition &= Q(**{f"{first.name}__{'gte' if upwards else 'lte'}": value})
    return condition


def _plain(value: Any) -> Any:
    """A sort value as JSON keeps it (dates and times in ISO form, to the microsecond)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@dataclass(frozen=True)
class Cursor:
    """Where a page link starts: after (or before) a boundary row, skipping `skip` rows.
    Bound to the page number, page size and order it was made for; any other use ignores it."""

    number: int
    per_page: int
    order: list[str]
    backwards: bool
    skip: int
    values: list[Any]

    def dumps(self) -> str:
        payload = [
            self.number,
            self.per_page,
            self.order,
            int(self.backwards),
            self.skip,
            [_plain(v) for v in self.values],
        ]
        return signing.dumps(payload, salt=CURSOR_SALT, compress=True)

    @classmethod
    def loads(cls, token: str) -> Cursor | None:
        try:
            number, per_page, order, backwards, skip, values = signing.loads(
                token, salt=CURSOR_SALT
            )
            return cls(
                int(number), int(per_page), list(order), bool(backwards), int(skip), list(values)
            )
        except (signing.BadSignature, ValueError, TypeError):
            return None

    def typed_values(self, terms: list[Term]) -> tuple | None:
        """The boundary's values as the columns' Python types, or None when they do not fit."""
        if len(self.values) != len(terms):
            return None
        try:
            return tuple(
                None if v is None else t.field.to_python(v)
                for t, v in zip(terms, self.values, strict=True)
            )
        except (ValidationError, TypeError, ValueError):
            return None


class KeysFirstPaginator(Paginator):
    """Pages through the ordered primary keys first, then loads only the page's rows.

    A deep page (OFFSET 50,000) then skips bare ids instead of fully joined and annotated
    rows (docs/benchmarks.md has the figures).
    Pages past the middle read the keys in the reversed order, from the end: the last page
    skips no rows at all, like the first, and no page skips more than half of them.

    Keyset links: the previous and next links, and the numbered links near the current page,
    carry a signed `cursor` with the current page's first or last row's sort values and
    primary key, so the linked page's keys are read from that row on (a WHERE on the sort
    columns and a LIMIT) without skipping the rows before it: stepping through the middle of
    a million members costs what the first page does. A page number typed or linked without a
    cursor (the range's far ends, a bookmark) is read with OFFSET as above. A cursor that is
    not ours, or was made for another page number, page size or order, is ignored: the page is
    then the one its number says. The number of queries stays count, keys, rows.
    `object_list` is the table's BoundRows over a queryset (django-tables2).
    """

    def __init__(self, *args: Any, cursor: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cursor = cursor

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows: BoundRows = self.object_list
        queryset = rows.data.data
        ordered = total_order(queryset)
        terms = order_terms(ordered)
        if terms is None:
            keyed = [(key,) for key in self.keys(ordered, bottom, top)]
        else:
            names = [t.name for t in terms]
            start = self.start(number, terms)
            if start is None:
                keyed = self.keys(ordered, bottom, top, names)
            else:
                keyed = self.keys_from(ordered, terms, start, top - bottom)
        keys = [row[-1] for row in keyed]
        by_key = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=keys)}
        records = [by_key[key] for key in keys if key in by_key]
        page = KeysetPage(BoundRows(records, table=rows.table), number, self)
        if terms is not None and keyed:
            page.terms, page.first, page.last = terms, keyed[0], keyed[-1]
        return page

    def keys(self, ordered: models.QuerySet, bottom: int, top: int, names=None) -> list:
        """The primary keys of rows bottom..top of `ordered` (totally ordered), or with
        `names` (sort columns, primary key last) those columns' values of each row."""
        fields = names or ["pk"]
        from_end = self.count - top
        if bottom <= from_end:
            return list(ordered.values_list(*fields, flat=not names)[bottom:top])
        backwards = ordered.reverse().values_list(*fields, flat=not names)
        return list(backwards[from_end : from_end + top - bottom])[::-1]

    def start(self, number: int, terms: list[Term]) -> tuple[Cursor, tuple] | None:
        """The request's cursor and its typed boundary values, when it leads to this page."""
        cursor = Cursor.loads(self.cursor) if self.cursor else None
        if cursor is None or (cursor.number, cursor.per_page) != (number, self.per_page):
            return None
        if cursor.order != [str(t) for t in terms]:
            return None
        values = cursor.typed_values(terms)
        return None if values is None else (cursor, values)

    def keys_from(
        self, ordered: models.QuerySet, terms: list[Term], start: tuple[Cursor, tuple], size: int
    ) -> list:
        cursor, values = start
        vendor = connections[ordered.db].features.nulls_order_largest
        condition = beyond(terms, values, backwards=cursor.backwards, vendor_nulls_largest=vendor)
        found = ordered.filter(condition)
        if cursor.backwards:
            found = found.reverse()
        rows = list(found.values_list(*[t.name for t in terms])[cursor.skip : cursor.skip + size])
        return rows[::-1] if cursor.backwards else rows


class KeysetPage(Page):
    """A page that knows its first and last rows' sort values, for the links around it."""

    terms: list[Term] | None = None
    first: tuple = ()
    last: tuple = ()

    def cursor_to(self, number: int) -> str:
        """The cursor of a link to page `number`: empty for this page, the first and last
        pages (cheap without one) and pages too far to reach from this one's rows."""
        distance = number - self.number
        if (
            not self.terms
            or number in (1, self.paginator.num_pages, self.number)
            or abs(distance) > CURSOR_REACH
        ):
            return ""
        return Cursor(
            number=number,
            per_page=self.paginator.per_page,
            order=[str(t) for t in self.terms],
            backwards=distance < 0,
            skip=(abs(distance) - 1) * self.paginator.per_page,
            values=list(self.last if distance > 0 else self.first),
        ).dumps()

    def links(self) -> list[dict[str, Any]]:
        """The numbered links (None for a gap), each with its cursor."""
        return [
            {"number": p, "cursor": self.cursor_to(p), "current": p == self.number}
            if p != "..."
            else {"number": None}
            for p in table_page_range(self, self.paginator)
        ]

    def previous_cursor(self) -> str:
        return self.cursor_to(self.number - 1) if self.has_previous() else ""

    def next_cursor(self) -> str:
        return self.cursor_to(self.number + 1) if self.has_next() else ""
