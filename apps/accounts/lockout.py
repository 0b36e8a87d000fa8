"""How django-axes locks a guesser: by user name and client address, for a growing time."""

from datetime import timedelta
from itertools import pairwise

from axes.helpers import get_client_username
from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

# Lockouts of the pair within this window make the next one longer; a day without one resets.
REMEMBERED = timedelta(hours=24)


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


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """AXES_COOLOFF_MINUTES, doubled for each earlier lockout of this pair in the last day.

    The lockouts are read from django-axes' failure log, since the pair's last successful login
    (the real user is back) and within REMEMBERED; capped at a day. The failure that locks a
    pair is logged with locked_out=True, so a lockout is where a run of such entries begins.
    The lock only grows at the moment it is set, when the pair's failures are all recent, and
    shrinks when a lockout ages out: neither brings back the failures of an earlier lock, which
    django-axes drops once they are older than the cool-off.
    """
    base = timedelta(minutes=settings.AXES_COOLOFF_MINUTES)
    if request is None or not hasattr(request, "axes_ip_address"):
        return base
    pair = {"username": get_client_username(request), "ip_address": request.axes_ip_address}
    since = timezone.now() - REMEMBERED
    last_login = (
        AccessLog.objects.filter(**pair, attempt_time__gte=since)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    failures = AccessFailureLog.objects.filter(**pair, attempt_time__gte=last_login or since)
    runs = failures.order_by("attempt_time", "pk").values_list("locked_out", flat=True)
    lockouts = sum(now and not before for before, now in pairwise([False, *runs]))
    return min(base * 2 ** max(lockouts - 1, 0), REMEMBERED)


def locked_out(request: HttpRequest, response, credentials) -> HttpResponse:
    """The Chinese lockout page, saying how long this lock lasts."""
    minutes = int(cool_off(request).total_seconds() // 60)
    wait = f"{minutes // 60}小时" if minutes % 60 == 0 else f"{minutes}分钟"
    return render(request, "registration/locked_out.html", {"wait": wait}, status=429)
