"""The demo's members (`make run`): spread over birth dates so namesakes rarely share one,
with one pair entered twice on purpose for 会员核查's 疑似重复, and the rosters' last change
kept on their unions."""

import re

from apps.members.demo import generate_members
from apps.members.models import Member
from apps.unions.models import Union


def test_demo_members_make_one_suspected_duplicate_and_date_the_rosters(client, world):
    made = generate_members(per_union=4)
    assert made == 4 * 4 + 1  # four grassroots unions in the world, and the pair's second
    first, second = Member.objects.filter(
        name__in=Member.objects.order_by("-pk").values("name")[:1]
    ).order_by("pk")[:2]
    assert (first.name, first.birth_date) == (second.name, second.birth_date)
    assert first.id_number != second.id_number
    client.force_login(world.admin)
    html = client.get("/members/checks/duplicates/").content.decode()
    assert re.search(r"疑似重复 <span[^>]*>2</span>", html)
    unions = Union.objects.grassroots()
    assert not unions.filter(roster_changed_on__isnull=True).exists()
