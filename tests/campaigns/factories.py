"""Unions that pass every standardization check, and county rows of every campaigns model."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from apps.cadres.models import Cadre, Election, Position
from apps.campaigns.models import (
    EvaluationRound,
    HomeInspection,
    ModelUnion,
    ReviewItem,
    StandardReview,
    WorkersHome,
)
from apps.unions.models import Union
from tests.unions.factories import EmployerFactory, grassroots_union, member

_seq = itertools.count(100)
TODAY = timezone.localdate()


def standard_union(township: Union, *, name: str = "", employees: int = 50) -> Union:
    """A grassroots union with nothing to find: every fact ticked, an elected and approved
    chair in term with a vice chair, a carded member, a member evaluation this year."""
    seq = 100 + next(_seq) % 380  # make_id_number takes 0–498; conftest uses 2 and 3
    employer = EmployerFactory(
        name=name or f"规范示范{seq}有限公司",
        owner=township,
        employees=employees,
        women=0,
        migrant_workers=0,
    )
    union = grassroots_union(employer, **{f: True for f in Union.STANDARDIZATION_FIELDS})
    held_on = TODAY - datetime.timedelta(days=400)
    election = Election.objects.create(
        union=union,
        held_on=held_on,
        eligible_voters=40,
        votes_cast=38,
        approved_on=held_on + datetime.timedelta(days=10),
        approval_number=f"批复{seq}",
        term_end=held_on + datetime.timedelta(days=5 * 365),
    )
    for role, person in ((Position.Role.CHAIR, "主席"), (Position.Role.VICE_CHAIR, "副主席")):
        cadre = Cadre.objects.create(name=f"{person}{seq}", union=union)
        Position.objects.create(
            cadre=cadre,
            union=union,
            role=role,
            start_on=held_on,
            election=election,
            came_by=Position.CameBy.ELECTED,
        )
    member(
        union,
        seq=seq,
        name=f"会员{seq}",
        employer=employer,
        application_submitted=True,
        card_number=f"HB{seq:06d}",
    )
    EvaluationRound.objects.create(
        union=union,
        year=TODAY.year,
        held_on=TODAY,
        satisfied=30,
        basically_satisfied=5,
        dissatisfied=1,
    )
    return union


def chair(union: Union) -> Position:
    return Position.objects.get(union=union, role=Position.Role.CHAIR)


def county_rows(county) -> dict[str, object]:
    """A row of every campaigns model in one county of tests/conftest.py's world (the
    scoping walk reaches each URL with them)."""
    union = county.union
    review = StandardReview.objects.create(
        union=union,
        year=2026,
        reviewed_on=datetime.date(2026, 5, 1),
        reviewer="检查组",
        total=80,
        level="two",
    )
    ReviewItem.objects.create(
        review=review,
        rule_code="structure.no_sign",
        label="没有工会牌子",
        category="structure",
        points=3,
        score=3,
    )
    home = WorkersHome.objects.create(
        union=union, level=WorkersHome.HomeLevel.CITY, year=2024, is_evaluation_pilot=True
    )
    return {
        "standardreview": review,
        "modelunion": ModelUnion.objects.create(
            union=union, year=2026, nominated_on=datetime.date(2026, 3, 1)
        ),
        "workershome": home,
        "homeinspection": HomeInspection.objects.create(
            home=home, inspected_on=datetime.date(2026, 4, 1), result="复查合格"
        ),
        "evaluationround": EvaluationRound.objects.create(
            union=union,
            year=2026,
            held_on=datetime.date(2026, 6, 1),
            satisfied=10,
            basically_satisfied=2,
            dissatisfied=1,
        ),
    }
