"""The app's spreadsheets, one module per model family: the ledger importers (importing a
module registers its importers), the export-only specs and the training sign-in list."""

from .agreements import ChairAgreementExport
from .assistants import AssistantImporter, AssistantPaymentImporter, parse_month
from .cadres import CadreImporter
from .elections import ElectionExport
from .positions import PositionImporter
from .training import SIGN_IN_COLUMNS, TrainingCourseExport, check_sign_in

__all__ = [
    "SIGN_IN_COLUMNS",
    "AssistantImporter",
    "AssistantPaymentImporter",
    "CadreImporter",
    "ChairAgreementExport",
    "ElectionExport",
    "PositionImporter",
    "TrainingCourseExport",
    "check_sign_in",
    "parse_month",
]
