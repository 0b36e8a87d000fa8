"""The members app's views, one module per family. Importing each module runs its
`@register_model_view` registrations, which urls.py then reads."""

from . import member_checks, members, rosters, transfers  # noqa: F401
