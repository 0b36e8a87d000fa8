"""Target management's models, one module per family; this file only gathers them for Django
(and for `from apps.targets.models import …`).

    letters      the yearly template, the letters and their items
    contacts     the city staff who are each county's contact points
    assessment   the year-end assessment: frozen results, adjustments, outcomes
    acceptance   the special acceptance checks and their attachments
    bulletins    the published bulletins
"""

from .acceptance import AcceptanceAttachment, AcceptanceRecord
from .assessment import AssessedCounty, AssessedItem, Assessment, CountyOutcome, ScoreAdjustment
from .bulletins import Bulletin
from .contacts import ContactPoint
from .letters import LetterTemplate, TargetItem, TargetLetter, TemplateItem

__all__ = [
    "AcceptanceAttachment",
    "AcceptanceRecord",
    "AssessedCounty",
    "AssessedItem",
    "Assessment",
    "Bulletin",
    "ContactPoint",
    "CountyOutcome",
    "LetterTemplate",
    "ScoreAdjustment",
    "TargetItem",
    "TargetLetter",
    "TemplateItem",
]
