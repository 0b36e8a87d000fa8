"""The members app's models, one module per family; everything is importable from here."""

from .conflicts import MemberConflict
from .members import (
    FACT_SOURCES,
    ON_ROLL,
    Member,
    MembershipStatus,
    dispatched,
    duplicate_keys,
    refresh_namesakes,
)
from .memberships import MEMBER_FACTS, Membership, membership_facts
from .rosters import RosterConfirmation
from .transfers import Transfer

__all__ = [
    "FACT_SOURCES",
    "MEMBER_FACTS",
    "ON_ROLL",
    "Member",
    "MemberConflict",
    "Membership",
    "MembershipStatus",
    "RosterConfirmation",
    "Transfer",
    "dispatched",
    "duplicate_keys",
    "membership_facts",
    "refresh_namesakes",
]
