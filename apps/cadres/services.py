"""Writes that touch several rows: candidate order, approving an election's result, adding
a course's attendees."""

from __future__ import annotations

import datetime

from django.db import transaction
from pypinyin import Style, lazy_pinyin
from simple_history.utils import bulk_create_with_history

from .models import Attendance, Cadre, Election, Position, TrainingCourse

# Surnames whose reading differs from the character's common one (曾 zēng, not céng).
SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "仇": "qiu",
    "区": "ou",
    "解": "xie",
    "查": "zha",
    "朴": "piao",
    "覃": "qin",
    "翟": "zhai",
    "盖": "ge",
    "缪": "miao",
    "乐": "yue",
    "员": "yun",
    "种": "chong",
    "秘": "bi",
    "繁": "po",
    "尉": "yu",
    "长": "chang",
    "万俟": "moqi",
    "尉迟": "yuchi",
}


def ballot_key(name: str) -> tuple[str, str]:
    """Sort key of a candidate on the ballot: the surname's pinyin, then the given name's.

    The custom is the stroke order of surnames (姓氏笔画); pinyin order stands in for it,
    as the issue allows, and the ballot says so.
    """
    name = name.strip()
    for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
        if name.startswith(surname):
            rest = " ".join(lazy_pinyin(name[len(surname) :], style=Style.NORMAL))
            return SURNAME_READINGS[surname], rest
    syllables = lazy_pinyin(name, style=Style.NORMAL)
    return (syllables[0] if syllables else ""), " ".join(syllables[1:])


def order_candidates(election: Election) -> None:
    """Number the candidates in ballot order (pinyin of surnames)."""
    candidates = sorted(election.candidates.all(), key=lambda c: (ballot_key(c.name), c.pk))
    for order, candidate in enumerate(candidates, start=1):
        if candidate.order != order:
            candidate.order = order
            candidate.save(update_fields=["order"])


@transaction.atomic
def approve_election(
    election: Election,
    *,
    approved_on: datetime.date,
    number: str,
    term_end: datetime.date | None,
) -> Position | None:
    """Record the upper union's approval; the elected candidate becomes the union's chair.

    The chair takes office on the election day; a chair still in office ends the day before.
    Approving again changes the approval only (the chair's position is made once).
    """
    election.approved_on, election.approval_number = approved_on, number
    if term_end is not None:
        election.term_end = term_end
    election.save()
    winner = election.result().winner
    if winner is None or election.positions.filter(role=Position.Role.CHAIR).exists():
        return None
    cadre = winner.cadre or Cadre.objects.create(name=winner.name, union=election.union)
    if winner.cadre_id is None:
        winner.cadre = cadre
        winner.save(update_fields=["cadre"])
    start = election.held_on
    for previous in Position.objects.current(start).filter(
        union=election.union, role=Position.Role.CHAIR
    ):
        previous.end_on = max(previous.start_on, start - datetime.timedelta(days=1))
        previous.save()
    # The union ledger's committee date follows (基层工会台帐 shows it); its chair follows the
    # new position itself (sync_chair_names).
    union = election.union
    union.committee_since = start
    union.save()
    return Position.objects.create(
        cadre=cadre,
        union=union,
        role=Position.Role.CHAIR,
        came_by=Position.CameBy.ELECTED,
        start_on=start,
        election=election,
    )


@transaction.atomic
def add_attendees(course: TrainingCourse, cadres: list[Cadre], *, actor, reason: str) -> int:
    """Add the cadres not yet on the list; returns how many were added."""
    already = set(course.attendances.values_list("cadre_id", flat=True))
    new = [Attendance(course=course, cadre=c) for c in cadres if c.pk not in already]
    if new:
        bulk_create_with_history(new, Attendance, default_user=actor, default_change_reason=reason)
    return len(new)
