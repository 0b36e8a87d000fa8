"""The unions app's views, one module per family. Importing each module runs its
`@register_model_view` registrations, which urls.py then reads."""

from . import coverage, employers, housekeeping, unions
from .employers import UnorganizedListView, dual_measures
from .housekeeping import data_problems, yearly_parameters
from .unions import breadcrumb, union_tree

__all__ = [
    "UnorganizedListView",
    "breadcrumb",
    "coverage",
    "data_problems",
    "dual_measures",
    "employers",
    "housekeeping",
    "union_tree",
    "unions",
    "yearly_parameters",
]
