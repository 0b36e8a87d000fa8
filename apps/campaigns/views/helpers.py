"""What the campaigns' pages that are not one ledger share: the permission check, the year
asked for and the counties' names."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from apps.core.params import year_param
from apps.unions.models import Union


def require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied("您的角色没有此操作权限")


def year_of(request: HttpRequest) -> int:
    return year_param(request, timezone.localdate().year, highest=2100)


def county_names(pks) -> dict[int, str]:
    return dict(Union.objects.filter(pk__in=[p for p in pks if p]).values_list("pk", "name"))
