"""Cadres, positions and elections for tests; dates are fixed relative to today."""

import datetime

from django.utils import timezone

from apps.cadres.models import Cadre, Candidate, Election, Position

TODAY = timezone.localdate()
YEAR_AGO = TODAY - datetime.timedelta(days=365)


def cadre(union, name="张主席", **kwargs) -> Cadre:
    return Cadre.objects.create(name=name, union=union, sex=kwargs.pop("sex", "male"), **kwargs)


def position(union, role=Position.Role.CHAIR, *, name=None, **kwargs) -> Position:
    person = kwargs.pop("cadre", None) or cadre(union, name or f"{union.name[:2]}{role}")
    return Position.objects.create(
        cadre=person, union=union, role=role, start_on=kwargs.pop("start_on", YEAR_AGO), **kwargs
    )


def committee(union, *, members: int = 2, chair: str = "赵主席", **chair_fields) -> Position:
    """A chair and `members` committee members; returns the chair's position."""
    made = position(union, Position.Role.CHAIR, name=chair, **chair_fields)
    for i in range(members):
        position(union, Position.Role.COMMITTEE, name=f"委员{i}")
    return made


def election(union, *, candidates=(("李四", 40), ("王五", 10)), **kwargs) -> Election:
    fields = {
        "held_on": YEAR_AGO,
        "eligible_voters": 60,
        "votes_cast": 55,
        "term_end": YEAR_AGO + datetime.timedelta(days=5 * 365),
        **kwargs,
    }
    made = Election.objects.create(union=union, **fields)
    for order, (name, votes) in enumerate(candidates, start=1):
        Candidate.objects.create(election=made, name=name, votes=votes, order=order)
    return made
