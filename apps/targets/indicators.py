"""The indicators of the target-responsibility letter (目标责任书; DOMAIN.md "Targets and
scoring"), as data: code, Chinese label, area, unit, how the actual comes from the figures of
apps.stats, and the scoring rule a new template proposes. Adding an indicator is adding one
entry; the actual is always computed from the ledgers, never typed.

An actual names the figure it reads (a count or a rate of `apps.stats`); `actuals()` asks
`compute` once for the city's counties with only those figures, so all
counties' actuals of all indicators cost one grouped query per family. A quota indicator takes
its default target from a per-county yearly parameter (树千家示范工会, 协议管理试点).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from apps.cadres.rules import QUOTA_NON_PUBLIC, QUOTA_REGIONAL
from apps.campaigns.params import MODEL_UNION_QUOTA
from apps.stats.figures import Scope, compute
from apps.unions.models import Union

AREAS = {
    1: "组建工会和发展会员",
    2: "双措并举，二次覆盖",
    3: "树千家示范工会",
    4: "工会主席协议管理试点",
}
AREA_CHOICES = sorted(AREAS.items())


@dataclass(frozen=True)
class Indicator:
    """`actual` is the key of the apps.stats figure that is the indicator's actual (its
    drill-down lists the rows counted); `scoring_default` the rule and parameters a new
    template proposes (apps.targets.rules); `quota` a per-county yearly parameter that gives
    each county's default target."""

    code: str
    label: str
    area: int
    unit: str
    actual: str
    scoring_default: tuple[str, dict[str, Any]] = ("proportional", {})
    default_target: Decimal = Decimal(0)
    default_weight: Decimal = Decimal(10)
    quota: str = ""
    help_text: str = field(default="", compare=False)


_registry: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    _registry[indicator.code] = indicator
    return indicator


def indicators() -> list[Indicator]:
    """Every indicator, by area, in the order registered."""
    return sorted(_registry.values(), key=lambda i: i.area)


def get(code: str) -> Indicator:
    return _registry[code]


def choices() -> list[tuple[str, str]]:
    return [(i.code, i.label) for i in indicators()]


D = Decimal
for entry in (
    Indicator(
        "new_unions",
        "新建基层工会",
        1,
        "个",
        "new_unions",
        default_target=D(20),
        default_weight=D(15),
    ),
    Indicator(
        "new_covered",
        "新增涵盖单位",
        1,
        "个",
        "new_covered",
        default_target=D(30),
        default_weight=D(10),
    ),
    Indicator(
        "new_members",
        "新发展会员",
        1,
        "人",
        "new_members",
        default_target=D(2000),
        default_weight=D(15),
    ),
    Indicator(
        "new_migrant_members",
        "其中农民工会员",
        1,
        "人",
        "new_migrant_members",
        default_target=D(800),
        default_weight=D(10),
    ),
    Indicator(
        "fund_unionized",
        "已缴筹备金单位建会率",
        2,
        "%",
        "fund_unionized_rate",
        default_target=D(100),
        default_weight=D(15),
        help_text="年初已缴建会筹备金而未建会的单位中，本年单独建会或被涵盖的比例",
    ),
    Indicator(
        "new_social_rate",
        "新社会组织建会率",
        2,
        "%",
        "new_social_rate",
        default_target=D(60),
        default_weight=D(10),
    ),
    Indicator(
        "model_unions",
        "树千家示范工会验收",
        3,
        "个",
        "new_model_unions",
        default_weight=D(10),
        quota=MODEL_UNION_QUOTA,
    ),
    Indicator(
        "agreements_non_public",
        "主席协议管理试点（非公企业）",
        4,
        "个",
        "agreements_non_public",
        ("all_or_nothing", {}),
        default_weight=D(10),
        quota=QUOTA_NON_PUBLIC,
    ),
    Indicator(
        "agreements_regional",
        "主席协议管理试点（区域性、行业性工会）",
        4,
        "个",
        "agreements_regional",
        ("all_or_nothing", {}),
        default_weight=D(5),
        quota=QUOTA_REGIONAL,
    ),
):
    register(entry)


class Actual(NamedTuple):
    value: Decimal | None  # None: a rate without a base (nothing to count in the county)
    link: str  # the ledger list of the rows counted


def actuals(
    codes, root: Union, year: int, as_of: datetime.date, user=None
) -> dict[int, dict[str, Actual]]:
    """{county pk: {indicator code: Actual}} for every county-level union below the city
    `root`, as of the day (events of the year counted from 1 January to that day): one
    `compute` over the counties, one grouped query per figure family needed."""
    codes = list(dict.fromkeys(codes))
    if not codes:
        return {}
    actual = [get(code).actual for code in codes]
    table = compute(Scope(root, as_of, year, user), by_row=True, only=actual)
    result: dict[int, dict[str, Actual]] = {}
    for row in table.rows:
        if row.union is None:
            continue
        result[row.union.pk] = {
            code: Actual(as_decimal(row[get(code).actual]), table.link(row, get(code).actual))
            for code in codes
        }
    return result


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)
