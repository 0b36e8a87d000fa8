"""The app's filtersets, one module per model family."""

from .agreements import ChairAgreementFilterSet
from .assistants import AssistantFilterSet, AssistantPaymentFilterSet, in_post_on
from .cadres import CadreFilterSet, holds_position_on
from .elections import ElectionFilterSet
from .positions import PositionFilterSet
from .training import TrainingCourseFilterSet

__all__ = [
    "AssistantFilterSet",
    "AssistantPaymentFilterSet",
    "CadreFilterSet",
    "ChairAgreementFilterSet",
    "ElectionFilterSet",
    "PositionFilterSet",
    "TrainingCourseFilterSet",
    "holds_position_on",
    "in_post_on",
]
