"""No 500 on any input (issue 19 §5): every URL of the project, as every role, is sent
malformed values for every parameter a view reads. A bad value is ignored or answered with
a message; it never becomes a server error. The walk is the URL configuration's, so a view
added later is fuzzed too."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import resolve

from apps.accounts.roles import READ_ONLY, REVIEWER
from tests.conftest import make_user
from tests.core.test_scoping_every_url import ROUTES, b_object, url_for

# The parameters views read themselves (grep `request.GET` in apps/), the generic list's
# sorting, paging and columns (apps/core/pagination.py, tables.py), and the prefills.
PARAMETERS = (
    "year",
    "as_of",
    "page",
    "per_page",
    "sort",
    "cursor",
    "columns",
    "org",
    "county",
    "status",
    "q",
    "parent",
    "within",
    "direct",
    "export",
    "member",
    "to_union",
    "union",
    "return_url",
    "rule",
    "category",
    "level",
    "size",
    "nature",
)
MALFORMED = (
    "abc",
    "-1",
    "0",
    "99999999999999999999",
    "2026-13-45",
    "２０２６",
    "1e9",
    "",
    "%00",
    "\x00",
    "0001-01-01",
    "' OR 1=1--",
    "<script>",
    "x" * 5000,
    "-nonexistent",
    "__class__",
)
LIST_VALUED = ["1", "x"]  # ?year=1&year=x
BAD_CURSOR = "eyJub3QiOiJvdXJzIn0:1tAmpered:signature"


def parameters_of(url: str) -> list[str]:
    """The common parameters, plus the filterset's fields of a generic list view."""
    view = getattr(resolve(url.split("?")[0]).func, "view_class", None)
    filterset = getattr(view, "filterset", None)
    extra = list(filterset.base_filters) if filterset is not None else []
    return list(PARAMETERS) + [name for name in extra if name not in PARAMETERS]


GROUP = 4  # parameters malformed together in one request: a 500 names at most four


def queries(names: list[str], seed: int, *, each: bool) -> list[dict]:
    """Requests that each malform a few parameters with rotating values (when `each`), one
    with a list value for every parameter, and one with every parameter malformed at once."""
    found = []
    if each:
        for start in range(0, len(names), GROUP):
            found.append(
                {
                    name: BAD_CURSOR
                    if name == "cursor" and seed % 2
                    else MALFORMED[(seed + start + i) % len(MALFORMED)]
                    for i, name in enumerate(names[start : start + GROUP])
                }
            )
    found.append(dict.fromkeys(names, LIST_VALUED))
    found.append({name: MALFORMED[(seed + i) % len(MALFORMED)] for i, name in enumerate(names)})
    return found


def users(world):
    """Every role. County B's clerk, reader and reviewer: the detail rows are county B's
    (the walk's `b_object`), which the city admin sees too."""
    return {
        "市总管理员": world.admin,
        "录入员": world.clerk_b,
        "只读": make_user("reader_b", READ_ONLY, world.b.county),
        "审核员": make_user("reviewer_b", REVIEWER, world.b.county),
    }


def fuzz(clients: dict, url: str, seed: int, failures: list) -> int:
    names = parameters_of(url)
    sent = 0
    for role, client in clients.items():
        # The admin gets the per-parameter requests; the other roles the combined ones.
        for query in queries(names, seed, each=role == "市总管理员"):
            response = client.get(url, query)
            sent += 1
            if response.status_code >= 500:
                shown = {k: (v[:20] if isinstance(v, str) else v) for k, v in query.items()}
                failures.append(f"{role} GET {url} {shown if len(shown) <= GROUP else '全部参数'}")
    # A form posted with every parameter malformed (a tampered or stale page): the same
    # names as the form fields of most views, answered with the form's errors, not a 500.
    for query in queries(names, seed, each=False):
        response = clients["录入员"].post(url, query)
        sent += 1
        if response.status_code >= 500:
            failures.append(f"录入员 POST {url} 全部参数")
    return sent


def clients_for(world) -> dict:
    made = {}
    for role, user in users(world).items():
        made[role] = Client(raise_request_exception=False)
        made[role].force_login(user)
    return made


@pytest.mark.django_db
def test_no_page_without_a_row_answers_500(world):
    clients, failures, sent = clients_for(world), [], 0
    for seed, (_name, route) in enumerate(r for r in ROUTES if "<" not in r[1]):
        sent += fuzz(clients, url_for(route), seed, failures)
    # Year-addressed pages (bulletins, letter templates) with a year nobody wrote.
    for route in [r for _n, r in ROUTES if "<int:year>" in r]:
        url = "/" + route.replace("<int:year>", "2026").replace("<int:number>", "1")
        sent += fuzz(clients, url, 0, failures)
    assert not failures, f"{len(failures)} of {sent} requests answered 500:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_no_detail_page_answers_500(world):
    clients, failures, sent = clients_for(world), [], 0
    for seed, (name, route) in enumerate(r for r in ROUTES if "<int:pk>" in r[1]):
        # Each route's row is made inside a savepoint and rolled back: b_object builds a
        # model's whole county-B setting (letters, a frozen year) that a second call repeats.
        with transaction.atomic():
            url = url_for(route, b_object(world, name).pk)
            sent += fuzz(clients, url, seed, failures)
            transaction.set_rollback(True)
    assert not failures, f"{len(failures)} of {sent} requests answered 500:\n" + "\n".join(failures)
