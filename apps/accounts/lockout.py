"""The client address that django-axes locks together with the user name."""

from django.conf import settings
from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str | None:
    """The address the nearest trusted proxy saw, or REMOTE_ADDR without a proxy.

    Each proxy appends the address it was reached from to X-Forwarded-For, so with
    TRUSTED_PROXIES = n the client is the n-th entry from the right. Entries further left are
    whatever the client sent and are ignored: otherwise a guesser could pick any address, and
    lock out or bypass the lock of someone else's pair.
    """
    count = settings.TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
