"""The app's forms, one module per model family."""

from .agreements import ChairAgreementForm
from .assistants import AssistantForm, AssistantPaymentForm, MonthField
from .cadres import CadreForm
from .elections import ApprovalForm, CandidateFormSet, ElectionForm
from .findings import FindingFilterForm
from .positions import PositionBulkEditForm, PositionForm
from .training import AttendeeForm, TrainingCourseForm

__all__ = [
    "ApprovalForm",
    "AssistantForm",
    "AssistantPaymentForm",
    "AttendeeForm",
    "CadreForm",
    "CandidateFormSet",
    "ChairAgreementForm",
    "ElectionForm",
    "FindingFilterForm",
    "MonthField",
    "PositionBulkEditForm",
    "PositionForm",
    "TrainingCourseForm",
]
