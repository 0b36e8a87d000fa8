"""The app's views, one module per model family. Importing each module runs its
`@register_model_view` registrations, which `urls.py` turns into URLs."""

from . import agreements, assistants, cadres, elections, findings, positions, training
from .findings import finding_list
from .positions import union_panels

__all__ = [
    "agreements",
    "assistants",
    "cadres",
    "elections",
    "finding_list",
    "findings",
    "positions",
    "training",
    "union_panels",
]
