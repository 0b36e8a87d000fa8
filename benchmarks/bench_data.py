"""The benchmark database: schema, the Jingzhou tree, scale data and the two measuring users."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from common import OUT, timed
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection

from apps.accounts.models import User
from apps.accounts.roles import CITY_ADMIN, CLERK
from apps.members.models import Member
from apps.unions import demo
from apps.unions.models import Coverage, Employer, FundPayment, Union
from apps.unions.reference import load_reference, load_union_tree

# 129 townships × 776 = 100,104 employers; demo.generate gives a union to 35 % of those with
# 15 or more employees (7 of its 9 sizes), i.e. about 27 % of them, plus a joint union each.
EMPLOYERS_PER_TOWNSHIP = 776
CITY_REGION, COUNTY_REGION = "421000", "421002"
CITY_ADMIN_USERNAME, COUNTY_CLERK_USERNAME = "bench_city_admin", "bench_county_clerk"
# Keys the import benchmark writes and removes: demo data only uses 91… (employers) and 81…
# (unions), so 92… (个体工商户) and 93… (农民专业合作社) never collide with it.
IMPORT_PREFIX = "92" + COUNTY_REGION
BASELINE_PREFIX = "93" + COUNTY_REGION


def prepare() -> dict[str, Any]:
    """Migrate, load the reference tables and tree, generate scale data when absent."""
    call_command("migrate", interactive=False, verbosity=0)
    load_reference()
    load_union_tree()
    for prefix in (IMPORT_PREFIX, BASELINE_PREFIX):  # left over by an interrupted run
        delete_employers(prefix)
    info: dict[str, Any] = {"generation": None}
    present = Employer.objects.count()
    townships = Union.objects.filter(level=Union.Level.TOWNSHIP).count()
    if present == 0:
        print(f"generating {townships} × {EMPLOYERS_PER_TOWNSHIP} employers …", flush=True)
        seconds, made = timed(lambda: demo.generate(employers_per_township=EMPLOYERS_PER_TOWNSHIP))
        info["generation"] = {"seconds": seconds, "made": made, "on": f"{datetime.now():%Y-%m-%d}"}
        generation_file().write_text(json.dumps(info["generation"]))
        print(f"generated {made} in {seconds:.1f} s", flush=True)
    elif present < townships * EMPLOYERS_PER_TOWNSHIP:
        raise SystemExit(
            f"The benchmark database holds {present} employers, fewer than the "
            f"{townships * EMPLOYERS_PER_TOWNSHIP} expected: delete it (or drop the PostgreSQL "
            "database) and run again."
        )
    elif generation_file().exists():  # measured when this database was filled
        info["generation"] = json.loads(generation_file().read_text())
    info["counts"] = counts()
    info["vacuum_s"], _ = timed(tidy)
    return info


def generation_file() -> Path:
    return OUT / f"generated-{connection.vendor}.json"


def tidy() -> None:
    """VACUUM ANALYZE on PostgreSQL, as autovacuum would have done after bulk writes.

    Without statistics the planner misjudges the status subqueries badly (a page took 50 s on
    a server running with autovacuum off). `demo.generate` itself ends with ANALYZE on both
    databases, as the app does after every large import
    (apps.core.exchange.bulk.refresh_statistics).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def counts() -> dict[str, int]:
    levels = Union.objects.values_list("level", flat=True)
    return {
        "employers": Employer.objects.count(),
        "unions": levels.count(),
        "grassroots": levels.filter(level=Union.Level.GRASSROOTS).count(),
        "joint": levels.filter(level=Union.Level.JOINT).count(),
        "coverages": Coverage.objects.count(),
        "payments": FundPayment.objects.count(),
        "members": Member.objects.count(),
    }


def users() -> tuple[User, User]:
    """(city admin of 荆州市总工会, clerk of 沙市区总工会), created once."""
    made = []
    for username, region, role, name in (
        (CITY_ADMIN_USERNAME, CITY_REGION, CITY_ADMIN, "基准测试市总管理员"),
        (COUNTY_CLERK_USERNAME, COUNTY_REGION, CLERK, "基准测试沙市区录入员"),
    ):
        union = Union.objects.get(region_code=region)
        user, _ = User.objects.get_or_create(
            username=username, defaults={"union": union, "display_name": name}
        )
        if user.union_id != union.pk:
            user.union = union
            user.save(update_fields=["union"])
        user.groups.set([Group.objects.get(name=role)])
        made.append(User.objects.get(pk=user.pk))  # fresh: no cached permissions
    return made[0], made[1]


def delete_employers(prefix: str) -> None:
    """Remove benchmark-written employers and their history rows, without signals.

    A queryset delete would send a signal per row and make django-simple-history write a
    "deleted" record for each of 20,000 rows; raw SQL keeps cleaning out of the figures.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in (Employer, Employer.history.model):
            cursor.execute(
                f"DELETE FROM {quote(model._meta.db_table)} WHERE uscc LIKE %s", [prefix + "%"]
            )
