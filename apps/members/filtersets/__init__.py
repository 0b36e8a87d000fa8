"""The members app's filter sets, one module per family; everything is importable from here."""

from .member_checks import (
    EitherSideWithinFilter,
    LostMemberFilterSet,
    MemberCheckFilterSet,
    MemberConflictFilterSet,
    RosterMemberFilterSet,
    lost_causes,
    lost_members,
)
from .members import MemberFilterSet, prefix_range
from .memberships import (
    DISPATCHED,
    FEMALE,
    FIRST_MEMBERSHIP,
    IN_JOINT_UNION,
    MIGRANT,
    MembershipFilterSet,
    in_effect,
)
from .rosters import RosterFilterSet
from .transfers import TransferFilterSet

__all__ = [
    "DISPATCHED",
    "FEMALE",
    "FIRST_MEMBERSHIP",
    "IN_JOINT_UNION",
    "MIGRANT",
    "EitherSideWithinFilter",
    "LostMemberFilterSet",
    "MemberCheckFilterSet",
    "MemberConflictFilterSet",
    "MemberFilterSet",
    "MembershipFilterSet",
    "RosterFilterSet",
    "RosterMemberFilterSet",
    "TransferFilterSet",
    "in_effect",
    "lost_causes",
    "lost_members",
    "prefix_range",
]
