"""KeysFirstPaginator: every page shows the rows a plain ordered slice would, also when many
rows tie on the sort key and when pages past the middle are read backwards from the end."""

import datetime
import json
import re

import django_tables2 as tables
import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.pagination import CURSOR_SALT, KeysFirstPaginator
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


# ------------------------------------------------------------------ keyset links


def page_of(queryset, order_by, number, cursor=None):
    table = EmployerTable(queryset, order_by=order_by)
    table.paginate(
        paginator_class=KeysFirstPaginator, per_page=PER_PAGE, page=number, cursor=cursor
    )
    return table.page


def pks(page) -> list[int]:
    return [row.record.pk for row in page.object_list]


ORDERS = [
    ("employees",),
    ("-employees",),
    ("closed_on",),
    ("-closed_on",),
    ("name", "-employees"),
    ("-name", "closed_on"),
    None,
]


@pytest.mark.parametrize("order_by", ORDERS)
def test_stepping_by_cursor_forwards_then_back_shows_each_row_once(employers, order_by):
    """Next links from page 1 to the last and previous links back to page 1 hold the rows of
    the plain ordered slices, with heavy ties and NULLs on the sort columns."""
    queryset = Employer.objects.filter(name__startswith="单位", employees__gt=50)
    ordering = order_by or Employer._meta.ordering
    expected = list(queryset.order_by(*ordering, "pk").values_list("pk", flat=True))
    assert len(expected) == 15  # 4 pages, the last with 3
    slices = [expected[i : i + PER_PAGE] for i in range(0, len(expected), PER_PAGE)]
    page, seen = page_of(queryset, order_by, 1), []
    while True:
        seen.append(pks(page))
        if not page.has_next():
            break
        cursor = page.next_cursor()
        assert cursor or page.next_page_number() == 4  # the last page is read from the end
        page = page_of(queryset, order_by, page.next_page_number(), cursor)
    assert seen == slices
    back = []
    while True:
        back.append(pks(page))
        if not page.has_previous():
            break
        page = page_of(queryset, order_by, page.previous_page_number(), page.previous_cursor())
    assert back == slices[::-1]


def test_numbered_links_near_the_page_skip_from_its_rows(world):
    """From page 7 of 12 (links 1 … 5 6 7 8 … 12), the links to 5, 6 and 8 start from page
    7's first or last row, skipping at most a page; 1 and 12 are numbered pages."""
    for i in range(48):
        EmployerFactory(owner=world.a.township, name=f"排序{i % 5}", employees=50 + i % 3)
    queryset = Employer.objects.filter(name__startswith="排序")
    expected = list(queryset.order_by("name", "pk").values_list("pk", flat=True))
    seventh = page_of(queryset, ("name",), 7)
    links = {link["number"]: link["cursor"] for link in seventh.links() if link["number"]}
    assert list(links) == [1, 5, 6, 7, 8, 12]
    assert links[1] == links[7] == links[12] == ""
    for number, skipped in ((5, "OFFSET 4"), (6, None), (8, None)):
        with CaptureQueriesContext(connection) as queries:
            shown = pks(page_of(queryset, ("name",), number, links[number]))
        assert shown == expected[(number - 1) * PER_PAGE : number * PER_PAGE]
        keys = queries.captured_queries[1]["sql"]
        assert len(queries) == 3  # count, keys, rows
        assert (skipped in keys) if skipped else ("OFFSET" not in keys)


def test_a_cursor_made_for_another_page_size_order_or_number_is_ignored(employers):
    queryset = Employer.objects.filter(name__startswith="单位")
    expected = list(queryset.order_by("employees", "pk").values_list("pk", flat=True))
    cursor = page_of(queryset, ("employees",), 2).next_cursor()  # leads to page 3
    assert pks(page_of(queryset, ("employees",), 3, cursor)) == expected[8:12]
    assert pks(page_of(queryset, ("employees",), 4, cursor)) == expected[12:16]
    assert (
        pks(page_of(queryset, ("-employees",), 3, cursor))
        == list(queryset.order_by("-employees", "pk").values_list("pk", flat=True))[8:12]
    )
    table = EmployerTable(queryset, order_by=("employees",))
    table.paginate(paginator_class=KeysFirstPaginator, per_page=5, page=3, cursor=cursor)
    assert pks(table.page) == expected[10:15]


@pytest.mark.parametrize("cursor", ["garbage", "", "a:b:c", "WyJ4Il0:1abc:def", "%00", "x" * 500])
def test_a_tampered_cursor_gives_the_numbered_page(employers, cursor):
    queryset = Employer.objects.filter(name__startswith="单位")
    expected = list(queryset.order_by("employees", "pk").values_list("pk", flat=True))
    assert pks(page_of(queryset, ("employees",), 3, cursor)) == expected[8:12]


def test_a_cursor_with_edited_values_is_ignored(employers):
    """The cursor is signed: edited values break the signature; and values the column cannot
    take (were the key ever to leak) are refused before they reach the database."""
    queryset = Employer.objects.filter(name__startswith="单位")
    expected = list(queryset.order_by("employees", "pk").values_list("pk", flat=True))
    token = page_of(queryset, ("employees",), 2).next_cursor()
    payload = signing.loads(token, salt=CURSOR_SALT)
    payload[-1][0] = "not a number"
    edited = signing.b64_encode(json.dumps(payload).encode()).decode()
    forged = ":".join([edited, *token.split(":")[1:]])
    assert pks(page_of(queryset, ("employees",), 3, forged)) == expected[8:12]
    resigned = signing.dumps(payload, salt=CURSOR_SALT)
    assert pks(page_of(queryset, ("employees",), 3, resigned)) == expected[8:12]


def links_of(html: str, rel: str) -> str | None:
    found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.mark.parametrize("sort", [None, "name", "-name", "-union", "joined_on"])
def test_member_list_next_and_previous_links_walk_every_member_once(client, world, sort):
    """Through the page: 82 members of two unions under three names, filtered to one county
    and sorted; the next links walk the four pages and the previous links walk back, with a
    cursor in every link but those to the first and last pages."""
    for seq in range(200, 282):
        union = world.a.union if seq % 2 else world.a.joint
        person = Member(name=f"同名{seq % 3}", id_number=make_id_number(seq, region="421002"))
        enroll(person, union, datetime.date(2020, 1, 1 + seq % 4), actor=None)
    client.force_login(world.admin)
    url = f"/members/members/?within={world.a.county.pk}" + (f"&sort={sort}" if sort else "")
    expected = list(
        Member.objects.filter(union_path__startswith=world.a.county.path)
        .order_by(sort or "name", "pk")
        .values_list("pk", flat=True)
    )
    assert len(expected) == 83  # and the county's own member
    html = client.get(url).content.decode()
    forwards = [shown_members(html)]
    while link := links_of(html, "next"):
        assert ("cursor=" in link) == ("page=4" not in link)
        html = client.get(f"/members/members/{link}").content.decode()
        forwards.append(shown_members(html))
    assert forwards == [expected[i : i + 25] for i in range(0, 83, 25)]
    backwards = [shown_members(html)]
    while link := links_of(html, "prev"):
        assert ("cursor=" in link) == ("page=1" not in link)
        html = client.get(f"/members/members/{link}").content.decode()
        backwards.append(shown_members(html))
    assert backwards == forwards[::-1]


def test_member_list_with_a_tampered_cursor_answers_the_numbered_page(client, world):
    for seq in range(300, 360):
        person = Member(name=f"同名{seq % 3}", id_number=make_id_number(seq, region="421002"))
        enroll(person, world.a.union, datetime.date(2020, 1, 1), actor=None)
    client.force_login(world.clerk_a)
    expected = list(
        Member.objects.filter(union=world.a.union)
        .order_by("name", "pk")
        .values_list("pk", flat=True)
    )
    response = client.get("/members/members/?page=2&cursor=WzIsMjVd:forged:sig")
    assert response.status_code == 200
    assert shown_members(response.content.decode()) == expected[25:50]


def test_a_page_size_outside_the_choices_is_capped_on_every_list(client, world):
    """?per_page=100000000 once rendered every row: the view's 25–200 choices hold."""
    from apps.unions.models import Employer
    from tests.unions.factories import EmployerFactory

    for n in range(30):
        EmployerFactory(owner=world.a.township, name=f"分页单位{n:02d}")
    client.force_login(world.admin)
    page = client.get("/unions/employers/", {"per_page": "100000000"}).content.decode()
    shown = sum(f"分页单位{n:02d}" in page for n in range(30))
    assert Employer.objects.count() > 25 and shown <= 25
