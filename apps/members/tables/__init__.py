"""The members app's tables, one module per family; everything is importable from here."""

from .member_checks import (
    DuplicateMemberTable,
    LostMemberTable,
    MemberCheckTable,
    MemberConflictTable,
    RosterMemberTable,
)
from .members import MembershipTable, MemberTable
from .rosters import RosterTable
from .transfers import TransferTable

__all__ = [
    "DuplicateMemberTable",
    "LostMemberTable",
    "MemberCheckTable",
    "MemberConflictTable",
    "MemberTable",
    "MembershipTable",
    "RosterMemberTable",
    "RosterTable",
    "TransferTable",
]
