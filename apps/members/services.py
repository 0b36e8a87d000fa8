"""The members app's writes, each in one transaction: a member and their memberships together,
transfers, conflicts resolved, rosters confirmed; and the checks of who may act for a union."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest

from apps.unions.models import Union

from .models import (
    Member,
    MemberConflict,
    Membership,
    MembershipStatus,
    RosterConfirmation,
    Transfer,
)

NOTE_BATCH = 1000  # unions per UPDATE in note_roster_changes

# Who may undo a confirmation: the city and the county-level unions, not a grassroots user.
UNDOING_LEVELS = (Union.Level.CITY, Union.Level.COUNTY, Union.Level.INDUSTRY)


def last_membership_change() -> Subquery:
    """The latest day a membership of the outer union began or ended (a membership's left_on
    is never before its joined_on, so the later of the two is left_on when there is one)."""
    return Subquery(
        Membership.objects.filter(union=OuterRef("pk"))
        .order_by()
        .values("union")
        .annotate(last=Max(Coalesce("left_on", "joined_on")))
        .values("last")
    )


def note_roster_changes(union_ids: Iterable[int]) -> None:
    """Bring `Union.roster_changed_on` of these unions up to their memberships' latest day.

    Called wherever memberships begin or end, after writing them. It never moves the date
    back, so two transactions writing one union at once keep the later day whichever commits
    last (on PostgreSQL the second UPDATE re-reads the row the first one wrote).
    """
    ids = sorted(set(union_ids))
    last = last_membership_change()
    for start in range(0, len(ids), NOTE_BATCH):
        Union.objects.filter(pk__in=ids[start : start + NOTE_BATCH]).update(
            roster_changed_on=Greatest(
                Coalesce(F("roster_changed_on"), last), Coalesce(last, F("roster_changed_on"))
            )
        )


@transaction.atomic
def enroll(member: Member, union: Union, joined_on: datetime.date, *, actor: Any) -> Member:
    """Save a new member with an active membership in `union` from `joined_on` (入会)."""
    member.union, member.status, member.joined_on = union, MembershipStatus.ACTIVE, joined_on
    member._history_user = actor
    member.save()
    Membership.objects.create(member=member, union=union, joined_on=joined_on)
    note_roster_changes([union.pk])
    return member


# Which statuses a member's current membership may move to (保留会籍, 恢复, 退会, 死亡).
# Transfers (转出) have their own service with the receiving union's consent.
STATUS_CHANGES = {
    MembershipStatus.ACTIVE: (
        MembershipStatus.RETAINED,
        MembershipStatus.WITHDRAWN,
        MembershipStatus.DECEASED,
    ),
    MembershipStatus.RETAINED: (
        MembershipStatus.ACTIVE,
        MembershipStatus.WITHDRAWN,
        MembershipStatus.DECEASED,
    ),
}


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
    note_roster_changes([current.union_id])
    member.status = status
    member._change_reason = reason
    member.save()
    return current


def can_act_for(user: Any, union: Union) -> bool:
    """Whether `union` lies in the user's scope (a county clerk acts for their county only)."""
    return Union.objects.visible_to(user).filter(pk=union.pk).exists()


@transaction.atomic
def request_transfer(member: Member, to_union: Union, *, on: datetime.date, actor: Any) -> Transfer:
    """The receiving union asks for a member (会籍接转). When the asking user also acts for
    the releasing union (same county, or the city) the transfer is done at once."""
    if member.status != MembershipStatus.ACTIVE:
        raise ValidationError(f"该会员的会籍状态为“{member.get_status_display()}”，不能接转")
    if member.union_id == to_union.pk:
        raise ValidationError("该会员已在此工会")
    if member.transfers.filter(status=Transfer.Status.PENDING).exists():
        raise ValidationError("该会员已有待办理的接转申请")
    transfer = Transfer.objects.create(
        member=member,
        from_union=member.union,
        to_union=to_union,
        requested_on=on,
        requested_by=actor,
    )
    if can_act_for(actor, member.union):
        accept_transfer(transfer, on=on, actor=actor)
    return transfer


@transaction.atomic
def accept_transfer(transfer: Transfer, *, on: datetime.date, actor: Any) -> None:
    """The releasing union lets the member go: the old membership ends as 转出 and a new one
    starts in the receiving union on the same day."""
    member = Member.objects.select_for_update().get(pk=transfer.member_id)
    current = member.memberships.get(status=MembershipStatus.ACTIVE)
    if on < current.joined_on:
        raise ValidationError(f"日期不能早于在原工会的入会日期（{current.joined_on:%Y-%m-%d}）")
    current.status, current.left_on = MembershipStatus.TRANSFERRED_OUT, on
    current.reason = f"转至{transfer.to_union}"
    current.save()
    Membership.objects.create(
        member=member, union=transfer.to_union, joined_on=on, reason=f"由{transfer.from_union}转入"
    )
    note_roster_changes([current.union_id, transfer.to_union_id])
    member.union = transfer.to_union
    member._change_reason = "会籍接转"
    member.save()
    transfer.status = Transfer.Status.ACCEPTED
    transfer.decided_on, transfer.decided_by = on, actor
    transfer.save()
    # A roster import of the receiving union that met this member is now settled.
    MemberConflict.objects.filter(
        member=member,
        union=transfer.to_union,
        kind=MemberConflict.Kind.ACTIVE_ELSEWHERE,
        resolved_on__isnull=True,
    ).update(resolved_on=on, resolved_by=actor, resolution="已办理会籍接转")


@transaction.atomic
def refuse_transfer(transfer: Transfer, *, on: datetime.date, note: str, actor: Any) -> None:
    transfer.status, transfer.note = Transfer.Status.REFUSED, note
    transfer.decided_on, transfer.decided_by = on, actor
    transfer.save()


# ------------------------------------------------------------------ 会员核查


def resolve_conflict(
    conflict: MemberConflict, *, resolution: str, on: datetime.date, actor: Any
) -> bool:
    """Mark an open conflict resolved; False when someone else resolved it first."""
    done = MemberConflict.objects.filter(pk=conflict.pk, resolved_on__isnull=True).update(
        resolved_on=on, resolved_by=actor, resolution=resolution
    )
    return done == 1


# ------------------------------------------------------------------ 年度更新


def may_confirm(user: Any) -> bool:
    """Clerks (and the city) confirm rosters; read-only and reviewing roles do not."""
    return user.has_perm("members.add_rosterconfirmation")


def may_undo(user: Any) -> bool:
    """A confirmation is undone by the city or a county-level union, never by the union itself."""
    if not user.has_perm("members.delete_rosterconfirmation"):
        return False
    union = getattr(user, "union", None)
    return user.is_superuser if union is None else union.level in UNDOING_LEVELS


class AlreadyConfirmed(Exception):
    def __init__(self, confirmation: RosterConfirmation) -> None:
        super().__init__(
            f"“{confirmation.union}”{confirmation.year}年的花名册已于"
            f"{confirmation.confirmed_on:%Y-%m-%d}由{confirmation.confirmed_by}确认，无需重复确认。"
        )


@transaction.atomic
def confirm_roster(
    union: Union, year: int, *, on: datetime.date, note: str, actor: Any
) -> RosterConfirmation:
    """Record that `union`'s roster for `year` is true as of `on`, with its active members."""
    existing = (
        RosterConfirmation.objects.select_related("union", "confirmed_by")
        .filter(union=union, year=year)
        .first()
    )
    if existing is not None:
        raise AlreadyConfirmed(existing)
    confirmation = RosterConfirmation(
        union=union,
        year=year,
        confirmed_on=on,
        confirmed_by=actor,
        note=note,
        members=union.memberships.filter(status=MembershipStatus.ACTIVE).count(),
    )
    confirmation._history_user = actor
    try:
        # A savepoint, so that losing a race to a second click leaves the transaction usable.
        with transaction.atomic():
            confirmation.save()
    except IntegrityError:
        raise AlreadyConfirmed(
            RosterConfirmation.objects.select_related("union", "confirmed_by").get(
                union=union, year=year
            )
        ) from None
    return confirmation


@transaction.atomic
def undo_confirmation(confirmation: RosterConfirmation, *, actor: Any) -> None:
    confirmation._history_user = actor
    confirmation._change_reason = "撤销确认"
    confirmation.delete()
