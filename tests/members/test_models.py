"""Members: facts derived from the ID number, the one-active-membership rule, paths."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from apps.core.validators import make_id_number
from apps.members.models import Member, Membership
from apps.members.pinyin import name_initials
from apps.unions.models import Union
from tests.unions.factories import member


def test_sex_birth_date_initials_and_tail_come_from_the_id_and_name(world):
    number = make_id_number(7, region="421002", birth=datetime.date(1990, 2, 28), female=True)
    person = member(world.a.union, seq=7, name="欧阳娜娜")
    person.id_number = number.lower()
    person.save()
    person.refresh_from_db()
    assert person.id_number == number.upper()
    assert (person.sex, person.birth_date) == ("female", datetime.date(1990, 2, 28))
    assert (person.name_initials, person.id_tail) == ("oynn", number[-4:])


@pytest.mark.parametrize(
    ("name", "initials"), [("张三", "zs"), ("曾小贤", "zxx"), ("单田芳", "stf"), ("尉迟恭", "ycg")]
)
def test_surnames_are_read_as_surnames(name, initials):
    assert name_initials(name) == initials


def test_a_word_in_a_name_is_read_as_the_word():
    """重 alone reads zhòng; in 重庆 and 重阳 it reads chóng (pypinyin's phrase dictionary)."""
    assert [name_initials(n) for n in ("王重", "王重庆", "李重阳")] == ["wz", "wcq", "lcy"]


def test_database_refuses_a_second_active_membership(world):
    person = world.a.member
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            member=person, union=world.a.joint, joined_on=datetime.date(2024, 1, 1)
        )
    Membership.objects.create(
        member=person,
        union=world.a.joint,
        status="transferred_out",
        joined_on=datetime.date(2019, 2, 1),
        left_on=datetime.date(2019, 6, 1),
    )
    assert person.memberships.count() == 2


def test_members_move_with_their_union_subtree(world):
    other = Union.objects.create(name="朝阳街道工会", level="township", parent=world.a.county)
    union = world.a.union
    union.parent = other
    union.save()
    person = Member.objects.get(pk=world.a.member.pk)
    assert person.union_path.startswith(other.path)
    assert person in Member.objects.in_subtree(other.path)
