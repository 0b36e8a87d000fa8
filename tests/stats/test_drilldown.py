"""A count and its list can never disagree: for every figure and every row of the city's and
a county's tables, the drill-down list holds exactly the rows counted (for a sum, the rows
whose column adds up to it), fetched through the page a user clicks."""

import pytest
from django.db.models import Sum

from apps.stats.figures import Scope, compute, figures

from .conftest import AFTER, BEFORE
from .test_figures import BY_KIND, union_of_every_kind

COUNTED = [f for f in figures().values() if not f.rate]


def listed(client, url):
    response = client.get(url + "&per_page=200")
    assert response.status_code == 200, url
    table = response.context["table"]
    return table, table.data.data


def check_table(client, table, counted=COUNTED):
    mismatches = []
    for figure in counted:
        for row in [*table.rows, table.total]:
            url = table.link(row, figure.key)
            page, queryset = listed(client, url)
            if figure.sum_field:
                got = queryset.aggregate(n=Sum(figure.sum_field))["n"] or 0
            else:
                got = page.paginator.count
            if got != row[figure.key]:
                mismatches.append((figure.key, row.label, row[figure.key], got, url))
    assert not mismatches


def test_every_figure_has_a_drill_down_list():
    assert COUNTED and all(f.list_url for f in COUNTED)
    rates = [f for f in figures().values() if f.rate]
    assert all(set(f.rate) <= set(figures()) for f in rates)


@pytest.mark.parametrize("as_of", [AFTER, BEFORE])
def test_county_drill_down_lists_are_the_rows_counted(client, stats_world, as_of):
    world = stats_world.world
    client.force_login(world.clerk_a)
    check_table(client, compute(Scope(world.a.county, as_of, 2026, world.clerk_a)))


def test_city_drill_down_lists_are_the_rows_counted(client, stats_world):
    world = stats_world.world
    client.force_login(world.admin)
    check_table(client, compute(Scope(world.city, AFTER, 2026, world.admin)))


def test_unions_by_employer_kind_list_the_unions_counted(client, stats_world):
    world = stats_world.world
    union_of_every_kind(world)
    client.force_login(world.clerk_a)
    by_kind = [f for f in COUNTED if f.key in BY_KIND]
    table = compute(
        Scope(world.a.county, AFTER, 2026, world.clerk_a), only=[f.key for f in by_kind]
    )
    check_table(client, table, by_kind)


def test_rate_links_to_its_numerators_list(stats_world):
    world = stats_world.world
    table = compute(Scope(world.a.county, AFTER, 2026, world.clerk_a))
    assert table.link(table.total, "establishment_rate") == table.link(table.total, "unionized")
