"""Union.roster_changed_on: the day a union's roster last changed (a membership began or
ended), kept by every write that starts or ends memberships, so 年度更新 reads it instead of
aggregating a million memberships."""

import datetime
import importlib

from django.apps import apps
from django.db import connection
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.validators import make_id_number
from apps.members.importers import MemberImporter
from apps.members.models import Membership, Transfer
from apps.members.services import accept_transfer, change_status, request_transfer
from apps.unions.models import Union
from tests.unions.factories import member
from tests.unions.files import xlsx

JOINED = datetime.date(2020, 5, 1)  # the world's members joined then
HEADER = ["姓名", "身份证号码", "所在工会", "入会时间"]


def number(seq: int) -> str:
    return make_id_number(seq, region="421002")


def changed_on(union: Union) -> datetime.date | None:
    return Union.objects.values_list("roster_changed_on", flat=True).get(pk=union.pk)


def from_memberships() -> dict[int, datetime.date | None]:
    """What the field should say for every union: its memberships' latest day."""
    last = {
        row["union"]: row["last"]
        for row in Membership.objects.values("union").annotate(
            last=Max(Coalesce("left_on", "joined_on"))
        )
    }
    return {pk: last.get(pk) for pk in Union.objects.values_list("pk", flat=True)}


def stored() -> dict[int, datetime.date | None]:
    return dict(Union.objects.values_list("pk", "roster_changed_on"))


def test_enrolment_sets_the_day_and_an_earlier_one_does_not_move_it_back(world):
    assert changed_on(world.a.union) == JOINED
    assert changed_on(world.a.joint) is None  # no member yet
    member(world.a.joint, seq=40, joined_on=datetime.date(2025, 3, 1))
    assert changed_on(world.a.joint) == datetime.date(2025, 3, 1)
    member(world.a.joint, seq=41, joined_on=datetime.date(2021, 1, 1))  # entered late
    assert changed_on(world.a.joint) == datetime.date(2025, 3, 1)
    assert stored() == from_memberships()


def test_leaving_sets_the_day_and_retaining_does_not(world):
    change_status(
        world.a.member, "retained", on=datetime.date(2024, 6, 1), reason="退休", actor=world.clerk_a
    )
    assert changed_on(world.a.union) == JOINED  # still on the roster, as 保留会籍
    change_status(
        world.a.member,
        "withdrawn",
        on=datetime.date(2025, 2, 3),
        reason="本人申请",
        actor=world.clerk_a,
    )
    assert changed_on(world.a.union) == datetime.date(2025, 2, 3)
    assert stored() == from_memberships()


def test_transfer_changes_both_rosters_on_the_day_it_is_accepted(world):
    transfer = request_transfer(
        world.a.member, world.b.union, on=datetime.date(2026, 3, 1), actor=world.clerk_b
    )
    assert transfer.status == Transfer.Status.PENDING
    assert (changed_on(world.a.union), changed_on(world.b.union)) == (JOINED, JOINED)
    accept_transfer(transfer, on=datetime.date(2026, 3, 2), actor=world.clerk_a)
    day = datetime.date(2026, 3, 2)
    assert (changed_on(world.a.union), changed_on(world.b.union)) == (day, day)
    assert stored() == from_memberships()


def test_import_sets_the_day_for_new_moved_and_readmitted_members(world):
    today = timezone.localdate()
    leaver = member(world.a.union, seq=42, name="李四")
    change_status(
        leaver, "withdrawn", on=datetime.date(2022, 1, 1), reason="本人申请", actor=world.clerk_a
    )
    Union.objects.filter(pk=world.a.union.pk).update(roster_changed_on=datetime.date(2022, 1, 1))
    rows = [
        ["新会员", number(300), world.a.joint.name, "2023-04-05"],  # new
        [world.a.member.name, world.a.member.id_number, world.a.joint.name, ""],  # moved
    ]
    result = MemberImporter(world.clerk_a).run(xlsx([HEADER, *rows]), "花名册.xlsx", commit=True)
    assert (result.errors, result.created, result.updated) == ([], 1, 1)
    # The member moved out of world.a.union today, into the joint union today.
    assert (changed_on(world.a.union), changed_on(world.a.joint)) == (today, today)
    assert stored() == from_memberships()

    readmit = [[leaver.name, leaver.id_number, world.a.union.name, "2024-09-01"]]
    Union.objects.filter(pk=world.a.union.pk).update(roster_changed_on=datetime.date(2022, 1, 1))
    result = MemberImporter(world.clerk_a).run(xlsx([HEADER, *readmit]), "补录.xlsx", commit=True)
    assert (result.errors, result.updated) == ([], 1)
    assert changed_on(world.a.union) == today  # the member moved out of it today


def test_import_that_only_adds_sets_the_latest_join_day(world):
    rows = [
        ["新会员一", number(300), world.a.joint.name, "2023-04-05"],
        ["新会员二", number(301), world.a.joint.name, "2024-07-08"],
    ]
    result = MemberImporter(world.clerk_a).run(xlsx([HEADER, *rows]), "花名册.xlsx", commit=True)
    assert (result.errors, result.created) == ([], 2)
    assert changed_on(world.a.joint) == datetime.date(2024, 7, 8)
    assert changed_on(world.b.union) == JOINED  # another county's roster is untouched


def test_migration_fills_the_day_from_the_memberships(world):
    change_status(
        world.b.member,
        "withdrawn",
        on=datetime.date(2025, 2, 3),
        reason="本人申请",
        actor=world.clerk_b,
    )
    Union.objects.update(roster_changed_on=None)
    migration = importlib.import_module("apps.members.migrations.0006_fill_roster_changed_on")
    migration.fill(apps, None)
    assert stored() == from_memberships()
    assert changed_on(world.b.union) == datetime.date(2025, 2, 3)
    assert changed_on(world.a.joint) is None


def test_roster_page_reads_the_day_kept_on_the_union(client_a, world):
    """The page flags and counts from roster_changed_on, without reading memberships."""
    page = client_a.get("/members/rosters/?status=stale")
    assert world.a.union.name in page.content.decode()  # joined 2020: over a year ago
    recent = timezone.localdate() - datetime.timedelta(days=30)
    Union.objects.filter(pk=world.a.union.pk).update(roster_changed_on=recent)
    with CaptureQueriesContext(connection) as queries:
        page = client_a.get("/members/rosters/")
    text = page.content.decode()
    assert f"{recent:%Y-%m-%d}" in text
    assert world.a.union.name not in client_a.get("/members/rosters/?status=stale").content.decode()
    # Only the active-member count of the page's rows reads memberships, never an aggregate
    # of their dates over the whole scope.
    assert not any("left_on" in q["sql"] for q in queries.captured_queries)
