"""Cadres (工会干部): one module per ledger; this file only gathers them for Django."""

from .elections import Candidate, Election
from .positions import Cadre, Position

__all__ = ["Cadre", "Candidate", "Election", "Position"]

# Union assistants, chair agreements and training (issue 5, second part).
from .agreements import ChairAgreement  # noqa: E402
from .assistants import Assistant, AssistantPayment  # noqa: E402
from .training import Attendance, TrainingCourse  # noqa: E402

__all__ += ["Assistant", "AssistantPayment", "Attendance", "ChairAgreement", "TrainingCourse"]
