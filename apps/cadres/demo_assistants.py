"""Demo union assistants with this year's pay, chair agreement pilots and training courses,
for `make run`. Runs after the cadres' demo step, so courses have cadres to train."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.core.demo import demo_step
from apps.core.validators import make_id_number
from apps.unions.models import NON_PUBLIC_NATURES, Union

from .models import (
    Assistant,
    AssistantPayment,
    Attendance,
    Cadre,
    ChairAgreement,
    TrainingCourse,
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁"
GIVEN = ["晓敏", "丽华", "志刚", "文静", "海波", "春燕", "建军", "玉兰", "德明", "雪梅", "国强"]
STANDARD = Decimal("3000")  # the salary parameter's default


@demo_step(order=40)
def demo_assistants_agreements_training() -> dict[str, int]:
    rng = random.Random(2026)
    today = timezone.localdate()
    with transaction.atomic():
        assistants, payments = generate_assistants(rng, today)
        pilots = generate_agreements(rng, today)
        courses, attendances = generate_training(rng, today)
    return {"assistants": assistants, "assistant_payments": payments,
            "chair_agreements": pilots, "training_courses": courses,
            "training_attendances": attendances}  # fmt: skip


def generate_assistants(rng: random.Random, today: datetime.date) -> tuple[int, int]:
    """One assistant per township; this year's pay mostly at the standard, with the usual
    shortfalls a province inspection finds (below standard, uninsured, a month unpaid)."""
    townships = list(Union.objects.filter(level=Union.Level.TOWNSHIP).order_by("path"))
    assistants = []
    for seq, township in enumerate(townships):
        region = (township.region_code or "421000")[:6].ljust(6, "0")
        hired = datetime.date(rng.randint(2019, today.year), rng.randint(1, 12), 1)
        hired = min(hired, today.replace(day=1))
        assistants.append(Assistant(
            name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            id_number=make_id_number(seq % 499, region=region,
                                     birth=datetime.date(1988, 1, 1) + datetime.timedelta(seq),
                                     female=rng.random() < 0.6),
            mobile=f"139{rng.randint(10000000, 99999999)}", post=township, hired_on=hired,
            route=rng.choice(Assistant.Route.values),
        ))  # fmt: skip
    Assistant.objects.bulk_create(assistants)
    payments = []
    for assistant in Assistant.objects.all():
        for month in range(1, today.month + 1):
            on = datetime.date(today.year, month, 1)
            if on < assistant.hired_on.replace(day=1) or rng.random() < 0.03:
                continue  # not yet hired, or the month's pay was not recorded
            below = rng.random() < 0.08
            salary = STANDARD - Decimal(rng.choice([200, 300, 500])) if below else STANDARD
            payments.append(AssistantPayment(assistant=assistant, month=on, salary=salary,
                                             insured=rng.random() > 0.05))  # fmt: skip
    AssistantPayment.objects.bulk_create(payments, batch_size=1000)
    return len(assistants), len(payments)


def generate_agreements(rng: random.Random, today: datetime.date) -> int:
    """In each county a few pilots: joint unions and unions of non-public enterprises."""
    pilots = []
    for county in Union.objects.filter(level=Union.Level.COUNTY).order_by("path"):
        below = county.subtree()
        joint = list(below.filter(level=Union.Level.JOINT).select_related("parent")[:2])
        private = list(
            below.filter(
                level=Union.Level.GRASSROOTS, employer__nature__in=NON_PUBLIC_NATURES
            ).select_related("parent", "employer")[: rng.randint(1, 3)]
        )
        for union in [*joint[: rng.randint(0, 2)], *private]:
            signed = rng.random() < 0.75
            on = datetime.date(today.year, rng.randint(1, today.month), rng.randint(1, 28))
            kind = (ChairAgreement.Kind.REGIONAL if union.level == Union.Level.JOINT
                    else ChairAgreement.Kind.NON_PUBLIC)  # fmt: skip
            pilots.append(ChairAgreement(
                union=union, kind=kind, upper_party=str(union.parent),
                employer_party=str(union.employer or f"{union.name}所涵盖单位"),
                chair_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                status=ChairAgreement.Status.SIGNED if signed else ChairAgreement.Status.PREPARING,
                signed_on=on if signed else None, term_start=on if signed else None,
                term_end=on.replace(year=on.year + 3) if signed else None,
            ))  # fmt: skip
    ChairAgreement.objects.bulk_create(pilots)
    return len(pilots)


def generate_training(rng: random.Random, today: datetime.date) -> tuple[int, int]:
    """Courses of the city and of each county this year, attended by the county's cadres."""
    organizers = [*Union.objects.filter(level=Union.Level.CITY),
                  *Union.objects.filter(level=Union.Level.COUNTY).order_by("path")]  # fmt: skip
    made, attendances = 0, []
    for organizer in organizers:
        cadres = list(Cadre.objects.in_subtree(organizer.path).order_by("?")[:40])
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(TrainingCourse.Kind.values)
            start = datetime.date(today.year, rng.randint(1, today.month), rng.randint(1, 25))
            short = organizer.name.removesuffix("总工会")
            course = TrainingCourse.objects.create(
                name=f"{short}{today.year}年{TrainingCourse.Kind(kind).label.removesuffix('培训')}培训班",
                organizer=organizer, kind=kind, starts_on=start,
                ends_on=start + datetime.timedelta(days=rng.randint(0, 3)),
                place=f"{short}职工服务中心", hours=Decimal(rng.choice([8, 12, 16, 24])),
            )  # fmt: skip
            made += 1
            for cadre in rng.sample(cadres, min(len(cadres), rng.randint(8, 20))):
                attendances.append(Attendance(course=course, cadre=cadre))
    Attendance.objects.bulk_create(attendances)
    return made, len(attendances)
