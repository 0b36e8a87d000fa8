"""ScopedQuerySet.visible_to: the city's scope is the whole tree, said so to SQLite's planner."""

from django.db import connection

from apps.members.models import Member, Transfer
from apps.unions.models import Employer


def test_city_sees_every_row_and_a_county_only_its_own(world):
    """The root's bounds are written differently on SQLite (a planner hint): the rows are
    the same as a plain range's, and a county's bounds are unchanged."""
    for model in (Member, Employer, Transfer):
        every = set(model.objects.values_list("pk", flat=True))
        assert set(model.objects.visible_to(world.admin).values_list("pk", flat=True)) == every
        county = set(model.objects.visible_to(world.clerk_a).values_list("pk", flat=True))
        assert county < every  # county B's rows are left out
    assert Transfer.objects.visible_to(world.clerk_b).get() == world.b_transfer


def test_only_the_city_scope_carries_the_sqlite_hint(world):
    city = str(Member.objects.visible_to(world.admin).query)
    county = str(Member.objects.visible_to(world.clerk_a).query)
    assert ("likelihood(" in city) == (connection.vendor == "sqlite")
    assert "likelihood(" not in county
