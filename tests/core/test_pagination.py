"""KeysFirstPaginator: every page shows the rows a plain ordered slice would, also when many
rows tie on the sort key and when pages past the middle are read backwards from the end."""

import datetime
import re

import django_tables2 as tables
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.pagination import KeysFirstPaginator
from apps.core.validators import make_id_number
from apps.members.models import Member
from apps.members.services import enroll
from apps.unions.models import Employer
from tests.unions.factories import EmployerFactory

PER_PAGE = 4


class EmployerTable(tables.Table):
    class Meta:
        model = Employer
        fields = ("name", "employees", "closed_on")


@pytest.fixture
def employers(world):
    """23 employers (6 pages of 4, the last with 3) in heavy ties: three head counts, and a
    closing date on every third one only (NULLs sort first on SQLite, last on PostgreSQL)."""
    return [
        EmployerFactory(
            owner=world.a.township,
            name=f"单位{i % 2}",
            employees=(50, 70, 70)[i % 3],
            closed_on=datetime.date(2024, 1, 1 + i % 2) if i % 3 == 0 else None,
        )
        for i in range(23)
    ]


def page_pks(queryset, order_by, number) -> list[int]:
    table = EmployerTable(queryset, order_by=order_by)
    table.paginate(paginator_class=KeysFirstPaginator, per_page=PER_PAGE, page=number)
    return [row.record.pk for row in table.page.object_list]


@pytest.mark.parametrize(
    "order_by",
    [("employees",), ("-employees",), ("closed_on",), ("-closed_on",), ("name", "-employees")],
)
def test_every_page_holds_the_rows_of_the_ordered_slice(employers, order_by):
    queryset = Employer.objects.filter(name__startswith="单位")
    expected = list(queryset.order_by(*order_by, "pk").values_list("pk", flat=True))
    pages = [page_pks(queryset, order_by, n) for n in range(1, 7)]
    assert pages == [expected[i : i + PER_PAGE] for i in range(0, 24, PER_PAGE)]


def test_model_ordering_is_used_when_the_table_is_not_sorted(employers):
    queryset = Employer.objects.filter(name__startswith="单位")
    expected = list(queryset.order_by(*Employer._meta.ordering, "pk").values_list("pk", flat=True))
    assert page_pks(queryset, None, 6) == expected[20:]
    assert page_pks(queryset, None, 4) == expected[12:16]


def keys_sql(queryset, number) -> str:
    with CaptureQueriesContext(connection) as queries:
        page_pks(queryset, ("employees",), number)
    return queries.captured_queries[1]["sql"]  # after the count


def test_last_pages_are_read_from_the_end_without_skipping_rows(employers):
    queryset = Employer.objects.filter(name__startswith="单位")
    with CaptureQueriesContext(connection) as first:
        page_pks(queryset, ("employees",), 1)
    with CaptureQueriesContext(connection) as last:
        page_pks(queryset, ("employees",), 6)
    assert len(first) == len(last) == 3  # count, keys, rows
    assert "OFFSET" not in keys_sql(queryset, 1) and "OFFSET" not in keys_sql(queryset, 6)
    # Page 5 of 6 skips the 3 rows of the last page, not the 16 before it.
    assert re.search(r"OFFSET 3\b", keys_sql(queryset, 5))
    assert re.search(r"OFFSET 8\b", keys_sql(queryset, 3))  # before the middle: forwards


def shown_members(html: str) -> list[int]:
    """Member pks in the order the list shows them (the name column links each one)."""
    return [int(pk) for pk in re.findall(r'href="/members/members/(\d+)/"', html)]


@pytest.mark.parametrize("sort", ["name", "-name", "-union"])
def test_member_pages_split_namesakes_in_one_order_to_the_last_page(client, world, sort):
    """61 members of one union under four names: sorted by name either way, or by the union
    (where all of them tie), the three pages hold each member once, ties broken by primary
    key, the last read from the end."""
    for seq in range(100, 160):
        person = Member(name=f"同名{seq % 3}", id_number=make_id_number(seq, region="421002"))
        enroll(person, world.a.union, datetime.date(2020, 1, 1), actor=None)
    client.force_login(world.clerk_a)
    expected = list(
        Member.objects.filter(union=world.a.union).order_by(sort, "pk").values_list("pk", flat=True)
    )
    assert len(expected) == 61
    pages = [
        shown_members(client.get(f"/members/members/?sort={sort}&page={n}").content.decode())
        for n in (1, 2, 3)
    ]
    assert pages == [expected[0:25], expected[25:50], expected[50:]]
