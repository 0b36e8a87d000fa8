import datetime
import itertools

import factory

from apps.core.validators import make_uscc
from apps.unions.models import Coverage, Employer, FollowUp, FundPayment, Nature, Union

# Factory USCCs start far above the small numbers tests spell out (an import of usccs(3,
# start=5000) once met a factory employer made thousands of tests earlier in the session).
_seq = itertools.count(500_000_000)


class UnionFactory(factory.django.DjangoModelFactory):
    """A union with a valid parent chain: by default a grassroots union under a township."""

    class Meta:
        model = Union

    name = factory.Sequence(lambda n: f"测试工会{n}")
    level = Union.Level.TOWNSHIP
    parent = None


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    uscc = factory.LazyFunction(lambda: make_uscc(next(_seq), prefix="91421002"))
    name = factory.Sequence(lambda n: f"荆州市测试单位{n}有限公司")
    nature = Nature.PRIVATE
    employees = 50
    women = 20
    migrant_workers = 10
    # On the ledger long before anything a test dates against it.
    started_on = datetime.date(1990, 1, 1)


def grassroots_union(employer: Employer, **kwargs) -> Union:
    return UnionFactory(
        name=f"{employer.name}工会委员会",
        level=Union.Level.GRASSROOTS,
        parent=employer.owner,
        employer=employer,
        uscc=make_uscc(next(_seq), prefix="81421002"),
        founded_on=kwargs.pop("founded_on", datetime.date(2020, 1, 1)),
        **kwargs,
    )


def joint_union(parent: Union, **kwargs) -> Union:
    return UnionFactory(
        name=kwargs.pop("name", f"{parent.name}联合工会"),
        level=Union.Level.JOINT,
        parent=parent,
        founded_on=datetime.date(2019, 1, 1),
        **kwargs,
    )


def coverage(union: Union, employer: Employer, **kwargs) -> Coverage:
    return Coverage.objects.create(
        union=union,
        employer=employer,
        start_on=kwargs.pop("start_on", datetime.date(2021, 5, 1)),
        **kwargs,
    )


def fund_payment(employer: Employer, year: int = 2025, amount: int = 1200) -> FundPayment:
    return FundPayment.objects.create(employer=employer, year=year, amount=amount)


def follow_up(employer: Employer, **kwargs) -> FollowUp:
    return FollowUp.objects.create(
        employer=employer,
        action=kwargs.pop("action", "上门宣讲建会"),
        person=kwargs.pop("person", "王干事"),
        **kwargs,
    )


def member(union: Union, *, seq: int, name: str = "张三", **kwargs):
    """A member enrolled in `union`, with a valid ID number made from `seq`."""
    from apps.core.validators import make_id_number
    from apps.members.models import Member
    from apps.members.services import enroll

    person = Member(name=name, id_number=make_id_number(seq, region="421002"), **kwargs)
    return enroll(person, union, kwargs.pop("joined_on", datetime.date(2020, 5, 1)), actor=None)
