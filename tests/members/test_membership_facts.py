"""The member's facts copied onto each membership (female, migrant, dispatched, first), which
the figures count, stay equal to the member's own on every write path: enrolment, transfer,
the edit form, bulk edit, the roster import (new, changed and moved members) and the
migration that filled them."""

import datetime
import importlib

from django.db import connection

from apps.core.validators import make_id_number
from apps.members.importers import MemberImporter
from apps.members.models import Member, Membership, membership_facts
from apps.members.services import accept_transfer, enroll
from tests.unions.factories import EmployerFactory
from tests.unions.files import xlsx

FACTS = ("female", "migrant", "dispatched", "first")


def stale_copies() -> list:
    """Memberships whose copies differ from their member's facts (none, if they hold)."""
    return [
        (m.pk, m.member.name)
        for m in Membership.objects.select_related("member")
        if {f: getattr(m, f) for f in FACTS}
        != membership_facts(m.member.fact_sources(), m.joined_on)
    ]


def test_enrolment_and_transfer_copy_the_facts(world):
    person = Member(
        name="新会员",
        id_number=make_id_number(61, region="421002", female=True),
        household_type=Member.HouseholdType.AGRICULTURAL,
    )
    enroll(person, world.a.union, datetime.date(2026, 2, 1), actor=world.clerk_a)
    membership = person.memberships.get()
    assert (membership.female, membership.migrant, membership.dispatched) == (True, True, False)
    assert membership.first
    transfer = world.b_transfer
    accept_transfer(transfer, on=datetime.date(2026, 3, 1), actor=world.clerk_b)
    # The membership a transfer opens is not the person's first.
    moved = transfer.member.memberships.order_by("joined_on", "pk")
    assert [m.first for m in moved] == [True, False]
    assert stale_copies() == []


def test_editing_a_member_updates_the_copies_on_its_memberships(client_a, world):
    person = world.a.member
    assert not person.memberships.get().dispatched
    person.dispatching_employer = EmployerFactory(owner=world.a.township)
    person.save()
    assert person.memberships.get().dispatched
    person.household_type = Member.HouseholdType.AGRICULTURAL
    person.save()
    assert person.memberships.get().migrant
    assert stale_copies() == []


def test_bulk_edit_updates_the_copies(client_a, world):
    client_a.post(
        "/members/members/bulk-edit/",
        {
            "pk": [world.a.member.pk],
            "_apply": "1",
            "household_type": "agricultural",
            "employment_form": "dispatch",
        },
    )
    membership = world.a.member.memberships.get()
    assert (membership.migrant, membership.dispatched) == (True, True)
    assert stale_copies() == []


HEADER = ["姓名", "身份证号码", "户籍类型", "用工形式", "所在工会", "入会时间"]


def test_roster_import_copies_the_facts_of_new_changed_and_moved_members(world):
    def run(rows):
        result = MemberImporter(world.clerk_a).run(
            xlsx([HEADER, *rows]), "花名册.xlsx", commit=True
        )
        assert result.errors == []

    union, joint = world.a.union.name, world.a.joint.name
    woman = make_id_number(71, region="421002", female=True)
    run([["女会员", woman, "农业户口", "劳务派遣", union, "2025-04-01"]])
    assert Membership.objects.filter(
        member__id_number=woman, female=True, migrant=True, dispatched=True, first=True
    ).exists()
    # The same roster again with her facts changed, and A's member moved to the joint union.
    run(
        [
            ["女会员", woman, "非农业户口", "劳动合同", union, ""],
            [world.a.member.name, world.a.member.id_number, "农业户口", "", joint, ""],
        ]
    )
    changed = Membership.objects.get(member__id_number=woman)
    assert (changed.migrant, changed.dispatched) == (False, False)
    moved = world.a.member.memberships.order_by("joined_on", "pk")
    assert [(m.union_id, m.first, m.migrant) for m in moved] == [
        (world.a.union.pk, True, True),
        (world.a.joint.pk, False, True),
    ]
    assert stale_copies() == []


def test_migration_fills_the_copies_from_the_members(world):
    migration = importlib.import_module("apps.members.migrations.0009_membership_member_facts")
    world.a.member.household_type = Member.HouseholdType.AGRICULTURAL
    world.a.member.save()
    Membership.objects.update(female=True, migrant=False, dispatched=True, first=False)
    assert stale_copies()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    assert stale_copies() == []
