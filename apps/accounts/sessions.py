"""Idle sessions end: a session lives SESSION_COOKIE_AGE after the last request (office PCs are
shared). Saving the session on every request would cost every page a database write (htmx
and autocomplete calls included); the session is saved again only when its last save is
older than TOUCH_EVERY, so the idle limit holds to within that stretch."""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

TOUCH_EVERY = 300  # seconds
TOUCHED = "_touched"


class IdleSessionMiddleware:
    """After SessionMiddleware: mark a logged-in session modified once in a while, so that
    SessionMiddleware saves it and pushes its expiry on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(TOUCHED, 0) >= TOUCH_EVERY:
                session[TOUCHED] = now
        return self.get_response(request)


@receiver(user_logged_in)
def touched_at_login(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[TOUCHED] = int(time.time())
