"""单位: the employers' figures (counts, employees, kinds, organized or not) as of a day.

The figure declarations keep `# fmt: skip`: laid out as tables, a figure a line, they are
read and compared as tables."""

from __future__ import annotations

from django.db.models import BooleanField, Case, Count, ExpressionWrapper, Q, Sum, Value, When

from apps.unions.models import (
    NEW_SOCIAL_ORG_NATURES,
    NON_PUBLIC_NATURES,
    Employer,
    OrganizingStatus,
    operating_on,
)

from ..figures import Family, Figure, Scope, register
from .common import EMPLOYERS, NEW_SOCIAL, NON_PUBLIC, as_of, compared_days

KIND = Case(
    When(nature__in=NON_PUBLIC_NATURES, then=Value(NON_PUBLIC)),
    When(nature__in=NEW_SOCIAL_ORG_NATURES, then=Value(NEW_SOCIAL)),
    default=Value(""),
)


def employer_figures(scope: Scope, branch, previous: Scope | None = None):
    """单位 as of the day: operating employers, their organizing status on the day, and their
    employees (all, and of unionized employers: the base of 入会率); with `previous`, the same
    for that day in the same pass.

    Status and kind are grouped on, not filtered on: every reference to an annotation repeats
    its SQL, and grouping on the nature column itself makes SQLite walk the nature index and
    fetch every employer out of order. The few
    groups are folded here.
    """
    days = compared_days(scope, previous)
    as_of = [d.as_of for d, _ in days]
    employers = scope.rows(Employer).operating_between(min(as_of), max(as_of))
    keys = ["branch", "kind", "is_taxi", "is_labour_dispatch"]
    for n, (day_scope, _) in enumerate(days):
        operating = operating_on(day_scope.as_of)
        employers = employers.with_status(
            day_scope.as_of, whole_sets=True, prefix=f"day{n}_"
        ).annotate(**{f"day{n}_operating": ExpressionWrapper(operating, BooleanField())})
        keys += [f"day{n}_status", f"day{n}_operating"]
    groups = (
        employers.annotate(branch=branch("owner__path"), kind=KIND, is_taxi=~Q(taxi_mode=""))
        .order_by()
        .values(*keys)
        .annotate(
            n=Count("pk"),
            sum_employees=Sum("employees"),
            sum_women=Sum("women"),
            sum_migrant_workers=Sum("migrant_workers"),
        )
    )
    rows: dict[str, dict[str, int]] = {}
    for g in groups:
        row = rows.setdefault(g["branch"], {"branch": g["branch"]})
        for n, (_, suffix) in enumerate(days):
            if g[f"day{n}_operating"]:
                fold_employers(row, g, g[f"day{n}_status"], suffix)
    return rows.values()


def fold_employers(row: dict[str, int], g: dict, status: str, suffix: str) -> None:
    n, employees, migrant = g["n"], g["sum_employees"] or 0, g["sum_migrant_workers"] or 0
    non_public, new_social = g["kind"] == NON_PUBLIC, g["kind"] == NEW_SOCIAL
    values = {
        "employers": n, "employees": employees, "women_employees": g["sum_women"] or 0,
        "migrant_workers": migrant, "non_public": n * non_public, "new_social": n * new_social,
        "taxi": n * g["is_taxi"], "labour_dispatch": n * g["is_labour_dispatch"],
        "own": n * (status == OrganizingStatus.OWN),
        "covered": n * (status == OrganizingStatus.COVERED),
    }  # fmt: skip
    if status != OrganizingStatus.NONE:
        values.update(
            unionized=n, non_public_unionized=n * non_public,
            new_social_unionized=n * new_social, unionized_employees=employees,
            unionized_migrant_workers=migrant,
        )  # fmt: skip
    add(row, **{f"{key}{suffix}": value for key, value in values.items()})


def add(row: dict[str, int], **values: int) -> None:
    for key, value in values.items():
        row[key] = row.get(key, 0) + int(value)


register(
    Family(
        "employers",
        "单位",
        (
            Figure("employers", "单位总数", "个", EMPLOYERS, as_of()),
            Figure("non_public", "其中非公企业", "个", EMPLOYERS, as_of(non_public=1)),
            Figure("new_social", "其中新社会组织", "个", EMPLOYERS, as_of(new_social_org=1)),
            Figure("taxi", "出租车企业", "个", EMPLOYERS, as_of(taxi=1)),
            Figure(
                "labour_dispatch", "劳务派遣单位", "个", EMPLOYERS,
                as_of(is_labour_dispatch="true"),
            ),
            Figure("unionized", "已建会单位", "个", EMPLOYERS, as_of(status="organized")),
            Figure("own", "其中单独建会", "个", EMPLOYERS, as_of(status="own")),
            Figure("covered", "其中联合工会涵盖", "个", EMPLOYERS, as_of(status="covered")),
            Figure("establishment_rate", "建会率", "%", rate=("unionized", "employers")),
            Figure(
                "non_public_unionized", "非公企业已建会", "个", EMPLOYERS,
                as_of(non_public=1, status="organized"),
            ),
            Figure(
                "non_public_rate", "非公企业建会率", "%",
                rate=("non_public_unionized", "non_public"),
            ),
            Figure(
                "new_social_unionized", "新社会组织已建会", "个", EMPLOYERS,
                as_of(new_social_org=1, status="organized"),
            ),
            Figure(
                "new_social_rate", "新社会组织建会率", "%",
                rate=("new_social_unionized", "new_social"),
            ),
            Figure("employees", "职工人数", "人", EMPLOYERS, as_of(), sum_field="employees"),
            Figure("women_employees", "其中女职工", "人", EMPLOYERS, as_of(), sum_field="women"),
            Figure(
                "migrant_workers", "其中农民工", "人", EMPLOYERS, as_of(),
                sum_field="migrant_workers",
            ),
            Figure(
                "unionized_employees", "已建会单位职工", "人", EMPLOYERS,
                as_of(status="organized"), sum_field="employees",
            ),
            Figure(
                "unionized_migrant_workers", "已建会单位农民工", "人", EMPLOYERS,
                as_of(status="organized"), sum_field="migrant_workers",
            ),
        ),
        employer_figures,
        compares=True,
    )
)  # fmt: skip
