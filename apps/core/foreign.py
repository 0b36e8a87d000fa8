"""People outside the user's scope: the answer is always the same sentence, and every such
hit is logged for the city.

A county clerk who types or uploads ID numbers must not learn, for a person registered
elsewhere, the name, union, employer, dates or status on record: scope is decided before
anything is compared, the answer is `ELSEWHERE`, and the lookup is logged (ForeignLookup:
who, when, which number, from where). A user may look up at most `settings.
FOREIGN_LOOKUPS_PER_DAY` such people a day; past that the answers stop (`OVER_BOUND`) and
the log marks the user for the city (导出记录 beside it: 范围外查询记录).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import ForeignLookup

ELSEWHERE = "该人员已在其他工会组织登记，不在您的管辖范围内。"
MEMBER_ELSEWHERE = ELSEWHERE.removesuffix("。") + "；如属实，请办理会籍接转。"
ELSEWHERE_NAME_DIFFERS = "已在其他工会组织登记，与本行姓名不一致，请核对身份证号。"


def over_bound_message() -> str:
    return (
        f"今日查询其他单位人员已达上限（{settings.FOREIGN_LOOKUPS_PER_DAY}人），"
        "本行未作比对；如确需办理，请联系市总工会。"
    )


def note(user: Any, keys: Iterable[str], source: str) -> set[str]:
    """Log the user's out-of-scope hits (once per key and day); return the keys still within
    the day's bound (the others must be answered with `over_bound_message`)."""
    keys = list(dict.fromkeys(k for k in keys if k))
    if not keys or user is None or not getattr(user, "pk", None):
        return set(keys)
    today = timezone.localdate()
    logged = ForeignLookup.objects.filter(user=user, day=today)
    seen = set(logged.filter(key__in=keys).values_list("key", flat=True))
    room = max(settings.FOREIGN_LOOKUPS_PER_DAY - logged.count(), 0)
    path = user.union.path if getattr(user, "union_id", None) else ""
    fresh = [key for key in keys if key not in seen]
    ForeignLookup.objects.bulk_create(
        [
            ForeignLookup(
                user=user,
                union_path=path,
                day=today,
                key=key,
                source=source,
                over_bound=index >= room,
            )
            for index, key in enumerate(fresh)
        ],
        ignore_conflicts=True,
    )
    refused = logged.filter(key__in=keys, over_bound=True).values_list("key", flat=True)
    return set(keys) - set(refused)
