"""The app's tables, one module per model family."""

from .agreements import ChairAgreementTable
from .assistants import AssistantPaymentTable, AssistantTable
from .cadres import CadreTable
from .elections import ElectionTable
from .findings import FindingTable
from .positions import PositionTable
from .training import AttendeeTable, TrainingCourseTable

__all__ = [
    "AssistantPaymentTable",
    "AssistantTable",
    "AttendeeTable",
    "CadreTable",
    "ChairAgreementTable",
    "ElectionTable",
    "FindingTable",
    "PositionTable",
    "TrainingCourseTable",
]
