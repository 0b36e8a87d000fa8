"""Scoring rules (评分办法) as data: small named functions from an item's completion (percent
of its target) and weight to its points, each with the parameters a letter item may set.

    completion = actual ÷ target × 100   (target 0: 100 when actual ≥ 0; actual < 0: 0)

Negative progress (fewer unions at the as-of day than at the year's start, after a
dissolution) is completion 0, never negative points — only the penalty rule deducts points,
and only as much as its parameter says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Param:
    label: str
    default: Decimal
    unit: str = ""


@dataclass(frozen=True)
class ScoringRule:
    code: str
    label: str
    function: Callable[..., Decimal]
    params: dict[str, Param]
    description: str

    def points(self, completion: Decimal, weight: Decimal, params: dict | None = None) -> Decimal:
        """Points for a completion, the item's parameters over the rule's defaults."""
        values = {name: p.default for name, p in self.params.items()}
        for name, value in (params or {}).items():
            if name in values and value not in (None, ""):
                values[name] = Decimal(str(value))
        return self.function(max(completion, Decimal(0)), weight, **values).quantize(
            CENT, rounding=ROUND_HALF_UP
        )


_rules: dict[str, ScoringRule] = {}


def rule(code: str, label: str, description: str, **params: Param):
    def register(function: Callable[..., Decimal]) -> Callable[..., Decimal]:
        _rules[code] = ScoringRule(code, label, function, params, description)
        return function

    return register


def get(code: str) -> ScoringRule:
    return _rules[code]


def rules() -> list[ScoringRule]:
    return list(_rules.values())


def choices() -> list[tuple[str, str]]:
    return [(r.code, r.label) for r in _rules.values()]


def completion(actual: Decimal | None, target: Decimal) -> Decimal | None:
    """Percent of the target reached (0.1); None when the actual has no base (a rate of
    nothing)."""
    if actual is None:
        return None
    if actual < 0:
        return Decimal(0)
    if target <= 0:
        return HUNDRED
    return (actual * HUNDRED / target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@rule(
    "proportional",
    "按完成比例计分",
    "得分 = 权重 × 完成率，完成率最高计至封顶值",
    cap=Param("封顶完成率", Decimal(120), "%"),
)
def proportional(completion: Decimal, weight: Decimal, *, cap: Decimal) -> Decimal:
    return weight * min(completion, cap) / HUNDRED


@rule("all_or_nothing", "完成得满分", "完成目标得全部权重分，未完成不得分")
def all_or_nothing(completion: Decimal, weight: Decimal) -> Decimal:
    return weight if completion >= HUNDRED else Decimal(0)


@rule(
    "bonus",
    "超额加分",
    "完成目标内按比例计分；超过目标的部分每超1个百分点加分，加分有上限",
    per_percent=Param("每超1%加分", Decimal("0.1"), "分"),
    most=Param("加分上限", Decimal(5), "分"),
)
def bonus(completion: Decimal, weight: Decimal, *, per_percent: Decimal, most: Decimal) -> Decimal:
    base = weight * min(completion, HUNDRED) / HUNDRED
    extra = max(completion - HUNDRED, Decimal(0)) * per_percent
    return base + min(extra, most)


@rule(
    "penalty",
    "低于底线扣分",
    "完成目标内按比例计分；完成率低于底线时不得分并倒扣",
    floor=Param("底线完成率", Decimal(60), "%"),
    deduction=Param("倒扣分", Decimal(2), "分"),
)
def penalty(completion: Decimal, weight: Decimal, *, floor: Decimal, deduction: Decimal) -> Decimal:
    if completion < floor:
        return -deduction
    return weight * min(completion, HUNDRED) / HUNDRED
