"""Demo data of standardization and campaigns for `make run`.

The unions demo ticks the standardization facts at random, so hardly any union passes every
check; this step brings a share of the unions with an elected committee to standard (all facts
ticked, members carded, an evaluation this year), then records what the year's work would
have: standard reviews of the larger enterprises (scored from the rules), model-union
candidates at every step, honoured workers' homes with re-inspections, evaluation rounds.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.cadres.models import Position
from apps.core.demo import demo_step
from apps.members.models import Member, MembershipStatus
from apps.unions import parameters
from apps.unions.models import Union

from . import params, rules, services
from .models import (
    EvaluationRound,
    HomeInspection,
    ModelUnion,
    ReviewItem,
    StandardReview,
    WorkersHome,
    level_bounds,
    level_for,
)

HOME_LEVELS = [("national", 1), ("provincial", 3), ("city", 8), ("county", 20), ("small", 30)]


@demo_step(order=40)
def demo_campaigns() -> dict[str, int]:
    return generate_campaigns(today=timezone.localdate())


def votes(rng: random.Random, satisfied_share: float) -> dict[str, int]:
    total = rng.randint(20, 200)
    satisfied = int(total * satisfied_share)
    basically = rng.randint(0, total - satisfied)
    return {
        "satisfied": satisfied,
        "basically_satisfied": basically,
        "dissatisfied": total - satisfied - basically,
    }


@transaction.atomic
def generate_campaigns(*, today: datetime.date, seed: int = 2026) -> dict[str, int]:
    rng = random.Random(seed)
    grassroots = Union.objects.grassroots().active()
    pks = list(grassroots.order_by("pk").values_list("pk", flat=True))
    # Work rules of the committee and the congress: most unions have written them.
    Union.objects.filter(pk__in=[pk for pk in pks if rng.random() < 0.6]).update(
        has_committee_meeting_rules=True, has_congress_rules=True
    )
    # Unions brought to standard: an elected, approved chair, then everything else in order.
    elected = set(
        Position.objects.current(today)
        .filter(
            role=Position.Role.CHAIR,
            came_by=Position.CameBy.ELECTED,
            election__approved_on__isnull=False,
            union__in=pks,
        )
        .values_list("union_id", flat=True)
    )
    standard = [pk for pk in sorted(elected) if rng.random() < 0.3]
    Union.objects.filter(pk__in=standard).update(
        **dict.fromkeys(Union.STANDARDIZATION_FIELDS, True)
    )
    Member.objects.filter(union__in=standard, status=MembershipStatus.ACTIVE).update(
        application_submitted=True
    )
    for member in Member.objects.filter(union__in=standard, card_number="").only("pk"):
        Member.objects.filter(pk=member.pk).update(card_number=f"JZ{member.pk:08d}")
    EvaluationRound.objects.bulk_create(
        [
            EvaluationRound(union_id=pk, year=today.year, held_on=today, **votes(rng, 0.75))
            for pk in standard
        ]
    )

    results = rules.evaluate(Union.objects.all(), today)
    # 做实: reviews, candidacies and titles go to unions that existed when they are dated
    # (a title up to six years back).
    mature = set(
        grassroots.filter(
            Q(founded_on__isnull=True) | Q(founded_on__lt=datetime.date(today.year - 6, 1, 1))
        ).values_list("pk", flat=True)
    )
    results = [r for r in results if r.pk in mature]
    made = {"standard_reviews": _reviews(results, rng, today)}
    made["model_unions"] = _model_unions(results, rng, today)
    made["workers_homes"] = _homes(results, rng, today)
    made["evaluation_rounds"] = EvaluationRound.objects.count()
    return made


def _reviews(results, rng: random.Random, today: datetime.date) -> int:
    """Reviews of most enterprises due this year, scored as the rules found them."""
    due = int(parameters.value(params.REVIEW_EMPLOYEES, today.year))
    bounds = level_bounds(today.year)
    chosen = [r for r in results if r.employees >= due and r.nature and rng.random() < 0.7]
    reviews = [
        StandardReview(
            union_id=r.pk,
            year=today.year,
            reviewer="县总规范化检查组",
            reviewed_on=today - datetime.timedelta(days=rng.randint(5, 90)),
            total=r.score,
            level=level_for(r.score, bounds),
            rectification_due=None if r.score >= bounds[0] else today + datetime.timedelta(days=90),
        )
        for r in chosen
    ]
    StandardReview.objects.bulk_create(reviews, batch_size=2000)
    items = []
    for review, result in zip(reviews, chosen, strict=True):
        for item in services.prefilled_items(result):
            item.review = review
            items.append(item)
    ReviewItem.objects.bulk_create(items, batch_size=5000)
    return len(reviews)


def _model_unions(results, rng: random.Random, today: datetime.date) -> int:
    """Per county: candidates at every step; only unions with nothing found are accepted."""
    by_county = defaultdict(list)
    for r in results:
        by_county[r.county_id].append(r)
    rows = []
    nominated_on = datetime.date(today.year, 3, 1)
    for county_results in by_county.values():
        clean = [r for r in county_results if not r.findings]
        close = [r for r in county_results if 0 < len(r.findings) <= 3]
        for i, r in enumerate(rng.sample(clean, min(4, len(clean)))):
            candidate = ModelUnion(
                union_id=r.pk,
                year=today.year,
                nominated_on=nominated_on,
                status=ModelUnion.Status.ACCEPTED,
                accepted_on=today - datetime.timedelta(days=10),
                accepted_by="市县联合验收组",
            )
            if i % 2 == 0:
                candidate.status = ModelUnion.Status.REWARDED
                candidate.reward_amount = 5000 if i == 0 else 3000
                candidate.funder = ModelUnion.Funder.CITY if i == 0 else ModelUnion.Funder.COUNTY
                candidate.rewarded_on = today
            rows.append(candidate)
        for i, r in enumerate(rng.sample(close, min(4, len(close)))):
            status = [
                ModelUnion.Status.NOMINATED,
                ModelUnion.Status.CULTIVATING,
                ModelUnion.Status.CULTIVATING,
                ModelUnion.Status.REJECTED,
            ][i]
            rows.append(
                ModelUnion(
                    union_id=r.pk,
                    year=today.year,
                    nominated_on=nominated_on,
                    status=status,
                    note="按规范化检查问题清单整改中" if status != "rejected" else "",
                    rejected_on=today if status == "rejected" else None,
                    rejection_reason="整改未到位" if status == "rejected" else "",
                )
            )
    ModelUnion.objects.bulk_create(rows)
    return len(rows)


def _homes(results, rng: random.Random, today: datetime.date) -> int:
    """Honoured homes among the best-scoring unions; re-inspections, one title withdrawn;
    the pilots' member evaluations."""
    ranked = sorted(results, key=lambda r: -r.score)[: sum(n for _, n in HOME_LEVELS)]
    homes = []
    for level, count in HOME_LEVELS:
        for r in ranked[:count]:
            homes.append(
                WorkersHome(
                    union_id=r.pk,
                    level=level,
                    year=today.year - rng.randint(1, 6),
                    is_evaluation_pilot=rng.random() < 0.4,
                )
            )
        ranked = ranked[count:]
    WorkersHome.objects.bulk_create(homes)
    inspections = []
    for i, home in enumerate(h for h in homes if h.year <= today.year - 3):
        kept = i % 7 != 3
        inspections.append(
            HomeInspection(
                home=home,
                inspected_on=today - datetime.timedelta(days=rng.randint(20, 200)),
                result="阵地、制度、活动台帐齐全" if kept else "活动阵地挪作他用，会员评家满意率低",
                title_kept=kept,
            )
        )
    HomeInspection.objects.bulk_create(inspections)
    this_year = EvaluationRound.objects.filter(year=today.year)
    evaluated = set(this_year.values_list("union_id", flat=True))
    rounds = []
    for home in homes:
        if home.is_evaluation_pilot and home.union_id not in evaluated:
            evaluated.add(home.union_id)
            share = rng.choice([0.5, 0.7, 0.8, 0.9])
            rounds.append(
                EvaluationRound(
                    union_id=home.union_id, year=today.year, held_on=today, **votes(rng, share)
                )
            )
    EvaluationRound.objects.bulk_create(rounds)
    return len(homes)
