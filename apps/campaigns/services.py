"""Writes that touch several rows or follow a path of steps: reviews with their items, and
the model-union candidates from nomination to reward."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from apps.unions import parameters
from apps.unions.models import Union

from . import rules
from .models import ModelUnion, ReviewItem, StandardReview, level_bounds, level_for


def prefilled_items(result: rules.UnionResult | None) -> list[ReviewItem]:
    """A review's items as the rules see the union now: full points unless a rule found a
    defect (with its evidence)."""
    found = {f.rule.code: f.evidence for f in (result.findings if result else [])}
    return [
        ReviewItem(
            rule_code=r.code,
            label=r.label,
            category=r.category,
            points=r.points,
            found=r.code in found,
            evidence=found.get(r.code, "")[:300],
            score=0 if r.code in found else r.points,
        )
        for r in rules.RULES.values()
    ]


@transaction.atomic
def save_review(review: StandardReview, items: list[ReviewItem]) -> StandardReview:
    """Save a review with its item scores; the total and the level follow from them."""
    review.total = sum(item.score for item in items)
    review.level = level_for(review.total, level_bounds(review.year))
    review.save()
    for item in items:
        item.review = review
        item.save()
    return review


class AcceptanceRefused(Exception):
    """A candidate still fails standardization checks; `findings` says which."""

    def __init__(self, findings: list[rules.Finding]) -> None:
        super().__init__("standardization checks fail")
        self.findings = findings


@transaction.atomic
def accept(candidate: ModelUnion, *, on: datetime.date, by: str) -> ModelUnion:
    """验收: only a candidate that passes every standardization check is accepted."""
    result = rules.evaluate_one(candidate.union, on)
    if result is None or result.findings:
        raise AcceptanceRefused(result.findings if result else [])
    candidate.status = ModelUnion.Status.ACCEPTED
    candidate.accepted_on, candidate.accepted_by = on, by
    candidate.save()
    return candidate


@transaction.atomic
def reward(candidate: ModelUnion, *, amount: Decimal, funder: str, on: datetime.date) -> ModelUnion:
    candidate.status = ModelUnion.Status.REWARDED
    candidate.reward_amount, candidate.funder, candidate.rewarded_on = amount, funder, on
    candidate.save()
    return candidate


@transaction.atomic
def reject(candidate: ModelUnion, *, on: datetime.date, reason: str) -> ModelUnion:
    candidate.status = ModelUnion.Status.REJECTED
    candidate.rejected_on, candidate.rejection_reason = on, reason
    candidate.save()
    return candidate


@transaction.atomic
def cultivate(candidate: ModelUnion) -> ModelUnion:
    candidate.status = ModelUnion.Status.CULTIVATING
    candidate.save()
    return candidate


REWARD_MAX = parameters.register(
    "campaigns.reward_max",
    "示范工会单项奖励上限",
    default=50000,
    unit="元",
    help_text="登记一个示范工会的奖励金额时，超过此数即不予登记，请核对金额或调整本参数。",
)


def acts_for_the_city(user) -> bool:
    """The city federation's own users (and superusers): above every county."""
    union = getattr(user, "union", None)
    return user.is_superuser or (union is not None and union.level == Union.Level.CITY)


def may_take(user, step: str, funder: str = "") -> bool:
    """Who may take a step (README 角色与步骤): 验收 feeds the county's own target, and a reward
    the city pays is the city's money — both are the city's steps; the rest the county's too."""
    if step == "accept" or (step == "reward" and funder == ModelUnion.Funder.CITY):
        return acts_for_the_city(user)
    return True


# Which steps a candidate may take from its status.
STEPS = {
    ModelUnion.Status.NOMINATED: ("cultivate", "accept", "reject"),
    ModelUnion.Status.CULTIVATING: ("accept", "reject"),
    ModelUnion.Status.ACCEPTED: ("reward",),
    ModelUnion.Status.REWARDED: (),
    ModelUnion.Status.REJECTED: (),
}
