"""Demo and scale data: plausible employers and unions for the Jingzhou tree.

`make run` makes a small set; the benchmarks make 100,000 employers and 30,000 unions with
the same code. Deterministic (seeded), written with bulk inserts.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from apps.core.demo import demo_step
from apps.core.exchange.bulk import refresh_statistics
from apps.core.scoping import path_segment
from apps.core.validators import make_uscc

from .models import Coverage, Employer, FundPayment, Industry, Nature, Union

PLACES = [
    "荆楚",
    "江汉",
    "楚都",
    "沙市",
    "古城",
    "长江",
    "洪湖",
    "松滋",
    "华中",
    "鄂中",
    "荆南",
    "章华",
    "郢都",
    "纪南",
    "三湖",
    "太湖",
    "荆江",
    "楚天",
    "金龙",
    "白云",
]
TRADES = [
    ("科技", "private"),
    ("建材", "private"),
    ("纺织", "private"),
    ("机械", "private"),
    ("物流", "private"),
    ("食品", "private"),
    ("医药", "private"),
    ("出租汽车", "private"),
    ("劳务派遣", "private"),
    ("电子", "foreign"),
    ("置业", "hmt"),
    ("水务", "state"),
    ("农业", "collective"),
    ("民营医院", "private_nonenterprise"),
    ("民办学校", "private_nonenterprise"),
    ("律师事务所", "intermediary"),
    ("会计师事务所", "intermediary"),
    ("行业协会", "social_group"),
    ("便利店", "individual"),
    ("餐饮店", "individual"),
]
FORMS = {
    "private": "有限公司",
    "foreign": "有限公司",
    "hmt": "有限公司",
    "state": "集团有限公司",
    "collective": "合作社",
    "individual": "",
    "private_nonenterprise": "",
    "intermediary": "",
    "social_group": "",
}


BRANDS = [
    "鑫源",
    "恒达",
    "华盛",
    "宏图",
    "金帆",
    "永安",
    "瑞丰",
    "天成",
    "兴旺",
    "嘉禾",
    "润泽",
    "博远",
    "新锐",
    "和美",
    "安康",
    "立信",
    "众诚",
    "汇通",
    "德馨",
    "福满",
]


def employer_name(rng: random.Random) -> tuple[str, str, str]:
    trade, nature = rng.choice(TRADES)
    name = f"荆州市{rng.choice(PLACES)}{rng.choice(BRANDS)}{trade}{FORMS[nature]}"
    return name, trade, nature


@demo_step(order=10)
def demo_employers_and_unions() -> dict[str, int]:
    return generate(employers_per_township=8)


@transaction.atomic
def generate(
    *,
    employers_per_township: int,
    seed: int = 2026,
    start_seq: int = 0,
    owners: list[Union] | None = None,
) -> dict[str, int]:
    """Employers under every township, a union for about a third of them, coverage by joint
    unions for a sixth, preparation-fund payments for a tenth. Returns the counts made."""
    rng = random.Random(seed)
    industries = list(Industry.objects.all())
    if owners is None:
        owners = list(Union.objects.filter(level=Union.Level.TOWNSHIP).order_by("path"))
    today = timezone.localdate()
    employers = []
    seq = start_seq
    for township in owners:
        region = (township.region_code or "421000")[:6]
        for _ in range(employers_per_township):
            seq += 1
            name, trade, nature = employer_name(rng)
            employees = rng.choice([3, 8, 15, 25, 40, 60, 120, 260, 800])
            employers.append(
                Employer(
                    uscc=make_uscc(seq, prefix=f"91{region}"),
                    name=name,
                    owner=township,
                    nature=nature,
                    industry=rng.choice(industries) if industries else None,
                    employees=employees,
                    women=employees * rng.randint(20, 60) // 100,
                    migrant_workers=employees * rng.randint(0, 70) // 100,
                    dispatched_workers=employees * rng.randint(0, 10) // 100,
                    taxi_mode="contract" if trade == "出租汽车" else "",
                    is_labour_dispatch=trade == "劳务派遣",
                    address=f"{township.name.removesuffix('工会')}{rng.randint(1, 300)}号",
                    contact_person=rng.choice("张王李赵刘陈杨黄周吴")
                    + rng.choice(["伟", "芳", "敏", "静", "军", "磊", "洋", "艳"]),
                    phone=f"139{rng.randint(10000000, 99999999)}",
                    # On the ledger before any union or coverage of it (at most ten years).
                    started_on=today - datetime.timedelta(days=rng.randint(3660, 9000)),
                )
            )
    Employer.objects.bulk_create(employers, batch_size=2000)
    unions, coverages, payments, joints = [], [], [], {}
    for index, employer in enumerate(employers):
        roll = rng.random()
        founded = today - datetime.timedelta(days=rng.randint(30, 3650))
        if roll < 0.4 and employer.employees >= 15:
            unions.append(
                Union(
                    name=f"{employer.name}工会委员会",
                    level=Union.Level.GRASSROOTS,
                    parent=employer.owner,
                    employer=employer,
                    founded_on=founded,
                    uscc=make_uscc(start_seq + index, prefix=f"81{employer.uscc[2:8]}"),
                    phone=employer.phone,
                    has_sign=rng.random() < 0.8,
                    has_venue=rng.random() < 0.6,
                    has_funds_audit_committee=rng.random() < 0.5,
                    has_women_committee=rng.random() < 0.5,
                    has_work_rules=rng.random() < 0.7,
                    has_independent_account=rng.random() < 0.4,
                    has_archives=rng.random() < 0.5,
                )
            )
        elif roll < 0.55:
            joint = joints.get(employer.owner_id)
            if joint is None:
                joint = Union(
                    name=f"{employer.owner.name.removesuffix('工会')}联合工会委员会",
                    level=Union.Level.JOINT,
                    parent=employer.owner,
                    founded_on=today - datetime.timedelta(days=3650),
                )
                joints[employer.owner_id] = joint
            coverages.append((joint, employer, founded))
        if roll < 0.55 and founded.year == today.year and rng.random() < 0.6:
            # 双措并举: a payer of last year organized this year.
            payments.append(FundPayment(employer=employer, year=today.year - 1, amount=1200))
        elif 0.55 <= roll < 0.7 and employer.nature not in (Nature.STATE, Nature.ORGAN):
            payments.append(
                FundPayment(
                    employer=employer,
                    year=today.year - rng.randint(0, 2),
                    amount=rng.choice([600, 1200, 2400, 3600]),
                )
            )
    new_unions = unions + list(joints.values())
    for union in new_unions:
        union.path = f"new-{id(union)}"
    Union.objects.bulk_create(new_unions, batch_size=2000)
    for union in new_unions:
        union.path = union.parent.path + path_segment(union.pk)
        union.depth = union.parent.depth + 1
    Union.objects.bulk_update(new_unions, ["path", "depth"], batch_size=2000)
    Coverage.objects.bulk_create(
        [Coverage(union=u, employer=e, start_on=on) for u, e, on in coverages], batch_size=2000
    )
    FundPayment.objects.bulk_create(payments, batch_size=2000)
    refresh_statistics()
    return {
        "employers": len(employers),
        "unions": len(new_unions),
        "coverages": len(coverages),
        "payments": len(payments),
    }
