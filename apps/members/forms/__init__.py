"""The members app's forms, one module per family; everything is importable from here."""

from .member_checks import ResolveConflictForm
from .members import (
    MIN_JOIN_AGE,
    MemberBulkEditForm,
    MemberForm,
    MemberStatusForm,
    not_in_future,
    working_age_on,
)
from .rosters import RosterConfirmForm
from .transfers import TransferDecisionForm, TransferRequestForm

__all__ = [
    "MIN_JOIN_AGE",
    "MemberBulkEditForm",
    "MemberForm",
    "MemberStatusForm",
    "ResolveConflictForm",
    "RosterConfirmForm",
    "TransferDecisionForm",
    "TransferRequestForm",
    "not_in_future",
    "working_age_on",
]
