from django.http import HttpRequest

from .menu import sections_for


def navigation(request: HttpRequest) -> dict:
    """The side navigation (apps.core.menu), for a logged-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_sections": sections_for(request)}
