"""Writes that touch a member and their memberships together, each in one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from apps.unions.models import Union

from .models import Member, Membership, MembershipStatus


@transaction.atomic
def enroll(member: Member, union: Union, joined_on: datetime.date, *, actor: Any) -> Member:
    """Save a new member with an active membership in `union` from `joined_on` (入会)."""
    member.union, member.status, member.joined_on = union, MembershipStatus.ACTIVE, joined_on
    member._history_user = actor
    member.save()
    Membership.objects.create(member=member, union=union, joined_on=joined_on)
    return member
