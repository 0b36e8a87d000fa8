"""Cadres (工会干部): one module per ledger; this file only gathers them for Django."""

from .elections import Candidate, Election
from .positions import Cadre, Position

__all__ = ["Cadre", "Candidate", "Election", "Position"]
