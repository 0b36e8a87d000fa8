"""涵盖 (employers covered by joint unions) and 双措并举 (employers that paid the preparation
fund without a union: their outcome in the year)."""

from __future__ import annotations

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q

from apps.unions.models import Coverage, Employer, OrganizingStatus

from ..figures import Family, Figure, Scope, register
from .common import EMPLOYERS, dual_measures, dual_status, in_year
from .employers import add


def coverage_figures(scope: Scope, branch):
    """新增涵盖单位: employers with a coverage by a joint union that began in the year."""
    started = Coverage.objects.filter(
        employer=OuterRef("pk"), start_on__gte=scope.year_start, start_on__lte=scope.year_end
    )
    return (
        scope.rows(Employer)
        .filter(Exists(started))
        .annotate(branch=branch("owner__path"))
        .order_by()
        .values("branch")
        .annotate(new_covered=Count("pk"))
    )


register(
    Family(
        "coverage",
        "本年新增涵盖",
        (Figure("new_covered", "本年新增涵盖单位", "个", EMPLOYERS, in_year("covered")),),
        coverage_figures,
    )
)


def dual_measure_figures(scope: Scope, branch):
    """双措并举: the year's list (paid the fund before the year, no union on 1 January), and
    where each stands at the year's end (or the as-of day): own union, covered, still open —
    the same list as the 双措并举 page (EmployerQuerySet.fund_paid_unorganized). Grouped on
    the status, as the employers' figures are."""
    closed = ExpressionWrapper(Q(closed_on__lte=scope.year_end), BooleanField())
    groups = (
        scope.rows(Employer)
        .fund_paid_unorganized(scope.year)
        .with_status(scope.year_end, whole_sets=True)
        .annotate(branch=branch("owner__path"), closed=closed)
        .order_by()
        .values("branch", "status", "closed")
        .annotate(n=Count("pk"))
    )
    rows: dict[str, dict[str, int]] = {}
    for g in groups:
        row = rows.setdefault(g["branch"], {"branch": g["branch"]})
        add(row, fund_at_start=g["n"], **{dual_outcome(g["status"], g["closed"]): g["n"]})
        add(row, fund_unionized=g["n"] * (g["status"] != OrganizingStatus.NONE))
    return rows.values()


def dual_outcome(status: str, closed: bool) -> str:
    """Where a 双措并举 employer stands: unionized (own, covered), closed without a union
    (its own outcome, not 尚未建会), or still open."""
    if status == OrganizingStatus.OWN:
        return "fund_own"
    if status == OrganizingStatus.COVERED:
        return "fund_covered"
    return "fund_closed" if closed else "fund_open"


register(
    Family(
        "dual_measures",
        "双措并举",
        (
            Figure("fund_at_start", "年初已缴筹备金未建会", "个", EMPLOYERS, dual_measures()),
            Figure("fund_own", "其中本年单独建会", "个", EMPLOYERS, dual_status("own")),
            Figure("fund_covered", "其中本年涵盖", "个", EMPLOYERS, dual_status("covered")),
            Figure("fund_closed", "其中未建会已注销", "个", EMPLOYERS, dual_status("none", "1")),
            Figure("fund_open", "已缴筹备金尚未建会", "个", EMPLOYERS, dual_status("none", "0")),
            Figure("fund_unionized", "其中本年已建会", "个", EMPLOYERS, dual_status("organized")),
            Figure(
                "fund_unionized_rate",
                "已缴筹备金单位建会率",
                "%",
                rate=("fund_unionized", "fund_at_start"),
            ),
        ),
        dual_measure_figures,
    )
)
