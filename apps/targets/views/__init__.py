"""Target management's pages, one module per family. Importing them here registers the
generic views of the acceptance checks (`@register_model_view`) before apps.targets.urls
asks for their URLs."""

from . import acceptance, assessment, bulletins, letters, scoring

__all__ = ["acceptance", "assessment", "bulletins", "letters", "scoring"]
