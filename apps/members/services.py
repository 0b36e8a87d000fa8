"""Writes that touch a member and their memberships together, each in one transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
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


# Which statuses a member's current membership may move to (保留会籍, 恢复, 退会, 死亡).
# Transfers (转出) have their own service with the receiving union's consent.
STATUS_CHANGES = {
    MembershipStatus.ACTIVE: (
        MembershipStatus.RETAINED, MembershipStatus.WITHDRAWN, MembershipStatus.DECEASED,
    ),
    MembershipStatus.RETAINED: (
        MembershipStatus.ACTIVE, MembershipStatus.WITHDRAWN, MembershipStatus.DECEASED,
    ),
}  # fmt: skip


@transaction.atomic
def change_status(
    member: Member, status: str, *, on: datetime.date, reason: str, actor: Any
) -> Membership:
    """Retain, restore, withdraw or record a death on the member's current membership.

    Withdrawal and death end the membership on `on`; retaining and restoring keep it open.
    Every step is dated and kept in the membership's history with its reason.
    """
    if status not in STATUS_CHANGES.get(member.status, ()):
        raise ValidationError(
            f"会籍状态为“{member.get_status_display()}”的会员不能改为"
            f"“{MembershipStatus(status).label}”"
        )
    current = member.memberships.select_for_update().get(left_on__isnull=True)
    if on < current.joined_on:
        raise ValidationError(f"日期不能早于入会日期（{current.joined_on:%Y-%m-%d}）")
    if status in (MembershipStatus.WITHDRAWN, MembershipStatus.DECEASED):
        current.left_on = on
    current.status, current.reason = status, reason
    current._change_reason = reason
    current.save()
    member.status = status
    member._change_reason = reason
    member.save()
    return current
