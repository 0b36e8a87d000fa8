"""The campaigns app's views, one module per family. Importing each module runs its
`@register_model_view` registrations, which urls.py then reads."""

from . import homes, model_unions, results, reviews  # noqa: F401
from .results import union_panels

__all__ = ["union_panels"]
