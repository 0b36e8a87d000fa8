"""The figures the cadres and campaigns ledgers give (DOMAIN.md "The statistics table"):
队伍 (full-time and part-time union cadres, assistants) and 规范化与载体 (standard reviews by
level, model unions, model workers' homes, chair elections). Each family is one grouped query;
the conditions counted are the ledgers' own filters (apps.cadres / apps.campaigns filtersets),
so a figure and its drill-down list are the same rows."""

from __future__ import annotations

from django.db.models import Count, Q

from apps.cadres.filtersets import holds_position_on, in_post_on
from apps.cadres.models import Assistant, Cadre, ChairAgreement, Election
from apps.campaigns.filtersets import honoured_on
from apps.campaigns.models import Level, ModelUnion, StandardReview, WorkersHome

from ..figures import Family, Figure, Scope, register
from .common import day, in_year

CADRES = "cadres:cadre_list"
ASSISTANTS = "cadres:assistant_list"
ELECTIONS = "cadres:election_list"
AGREEMENTS = "cadres:chairagreement_list"
REVIEWS = "campaigns:standardreview_list"
MODEL_UNIONS = "campaigns:modelunion_list"
HOMES = "campaigns:workershome_list"


# ------------------------------------------------------------------ 队伍


def cadre_figures(scope: Scope, branch):
    """Cadres (by the union whose ledger holds them) with a position current on the day: a
    full-time one (专职), or only part-time ones (兼职); each person once."""
    full_time = Q(holds_position_on(scope.as_of, full_time=True))
    holding = Q(holds_position_on(scope.as_of))
    return (
        scope.rows(Cadre)
        .annotate(branch=branch("union__path"))
        .order_by()
        .values("branch")
        .annotate(
            full_time_cadres=Count("pk", filter=full_time),
            part_time_cadres=Count("pk", filter=holding & ~full_time),
        )
    )


def assistant_figures(scope: Scope, branch):
    """工会协理员 in post on the day, by the union they are posted to."""
    return (
        scope.rows(Assistant)
        .filter(in_post_on(scope.as_of))
        .annotate(branch=branch("post__path"))
        .order_by()
        .values("branch")
        .annotate(assistants=Count("pk"))
    )


def on_day(name: str):
    return lambda scope: {name: day(scope.as_of)}


register(
    Family(
        "cadres",
        "队伍",
        (
            Figure("full_time_cadres", "专职工会工作人员", "人", CADRES, on_day("full_time_on")),
            Figure("part_time_cadres", "兼职工会工作人员", "人", CADRES, on_day("part_time_on")),
        ),
        cadre_figures,
    )
)
register(
    Family(
        "assistants",
        "工会协理员",
        (Figure("assistants", "工会协理员", "人", ASSISTANTS, on_day("in_post_on")),),
        assistant_figures,
    )
)


# ------------------------------------------------------------------ 规范化与载体

LEVEL_KEYS = {
    Level.ONE: "reviews_one",
    Level.TWO: "reviews_two",
    Level.THREE: "reviews_three",
    Level.BELOW: "reviews_below",
}


def reviews_of_year(**more):
    """The year's reviews recorded up to the as-of day (a later check is not known yet)."""
    return lambda scope: {"year": scope.year, "reviewed_before": day(scope.as_of), **more}


def review_figures(scope: Scope, branch):
    """规范化达标检查 of the year, by level."""
    return (
        scope.rows(StandardReview)
        .filter(year=scope.year, reviewed_on__lte=scope.as_of)
        .annotate(branch=branch("union__path"))
        .order_by()
        .values("branch")
        .annotate(
            reviews=Count("pk"),
            **{key: Count("pk", filter=Q(level=level)) for level, key in LEVEL_KEYS.items()},
        )
    )


register(
    Family(
        "reviews",
        "规范化达标",
        (
            Figure("reviews", "本年规范化达标检查", "个", REVIEWS, reviews_of_year()),
            *(
                Figure(
                    key, f"规范化{level.label}", "个", REVIEWS, reviews_of_year(level=level.value)
                )
                for level, key in LEVEL_KEYS.items()
            ),
        ),
        review_figures,
    )
)

DONE = [str(s) for s in ModelUnion.DONE]


def model_union_figures(scope: Scope, branch):
    """树千家示范工会 accepted (or accepted and since rewarded): in the year, and to date."""
    done = scope.rows(ModelUnion).filter(status__in=DONE, accepted_on__lte=scope.as_of)
    return (
        done.annotate(branch=branch("union__path"))
        .order_by()
        .values("branch")
        .annotate(
            model_unions=Count("pk"),
            new_model_unions=Count(
                "pk", filter=Q(accepted_on__gte=scope.year_start, accepted_on__lte=scope.year_end)
            ),
        )
    )


register(
    Family(
        "model_unions",
        "示范工会",
        (
            Figure(
                "new_model_unions",
                "本年验收示范工会",
                "个",
                MODEL_UNIONS,
                in_year("accepted", status=DONE),
            ),
            Figure(
                "model_unions",
                "累计验收示范工会",
                "个",
                MODEL_UNIONS,
                lambda scope: {"accepted_before": day(scope.as_of), "status": DONE},
            ),
        ),
        model_union_figures,
    )
)

HOME_KEYS = {level: f"homes_{level.value}" for level in WorkersHome.HomeLevel}


def home_figures(scope: Scope, branch):
    """模范职工之家 honoured by the day and not withdrawn by then, by level."""
    return (
        scope.rows(WorkersHome)
        .filter(honoured_on(scope.as_of))
        .annotate(branch=branch("union__path"))
        .order_by()
        .values("branch")
        .annotate(
            homes=Count("pk"),
            **{key: Count("pk", filter=Q(level=level)) for level, key in HOME_KEYS.items()},
        )
    )


def homes_held(**more):
    return lambda scope: {"honoured_on": day(scope.as_of), **more}


register(
    Family(
        "workers_homes",
        "职工之家",
        (
            Figure("homes", "模范职工之家（小家）", "个", HOMES, homes_held()),
            *(
                Figure(key, level.label, "个", HOMES, homes_held(level=level.value))
                for level, key in HOME_KEYS.items()
            ),
        ),
        home_figures,
    )
)


def election_figures(scope: Scope, branch):
    """主席选举 held in the year (up to the as-of day)."""
    return (
        scope.rows(Election)
        .filter(held_on__gte=scope.year_start, held_on__lte=scope.year_end)
        .annotate(branch=branch("union__path"))
        .order_by()
        .values("branch")
        .annotate(elections=Count("pk"))
    )


register(
    Family(
        "elections",
        "主席选举",
        (Figure("elections", "本年主席选举", "次", ELECTIONS, in_year("held")),),
        election_figures,
    )
)


AGREEMENT_KEYS = {
    ChairAgreement.Kind.NON_PUBLIC: "agreements_non_public",
    ChairAgreement.Kind.REGIONAL: "agreements_regional",
}


def agreement_figures(scope: Scope, branch):
    """工会主席协议管理试点 signed in the year (up to the as-of day), by kind — what the
    cadres app's 试点进度 counts against the two per-county quotas."""
    return (
        scope.rows(ChairAgreement)
        .filter(
            status=ChairAgreement.Status.SIGNED,
            signed_on__gte=scope.year_start,
            signed_on__lte=scope.year_end,
        )
        .annotate(branch=branch("union__path"))
        .order_by()
        .values("branch")
        .annotate(**{key: Count("pk", filter=Q(kind=kind)) for kind, key in AGREEMENT_KEYS.items()})
    )


register(
    Family(
        "agreements",
        "主席协议管理试点",
        tuple(
            Figure(
                key,
                f"本年协议管理试点（{kind.label}）",
                "个",
                AGREEMENTS,
                in_year("signed", status=ChairAgreement.Status.SIGNED.value, kind=kind.value),
            )
            for kind, key in AGREEMENT_KEYS.items()
        ),
        agreement_figures,
    )
)
