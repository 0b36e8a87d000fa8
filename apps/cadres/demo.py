"""Demo data of this app for `make run`: cadres and chair elections (the same generator serves
the benchmarks), then union assistants with this year's pay, chair agreement pilots and
training courses.

A share of the grassroots unions get a committee (chair, vice-chair, members, funds-audit and
women workers' committee members) and the election that produced their chair; a few get the
defects the check rules look for (an appointed chair, a chair alone, an expired term, an
election not approved, a committee member who heads HR), so the findings page has content.
The assistants' step runs after the cadres' step, so courses have cadres to train.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from apps.core.demo import demo_step
from apps.core.validators import make_id_number
from apps.unions.models import NON_PUBLIC_NATURES, Union

from .models import (
    Assistant,
    AssistantPayment,
    Attendance,
    Cadre,
    Candidate,
    ChairAgreement,
    Election,
    Position,
    TrainingCourse,
)
from .models.positions import sync_chair_names
from .rules import years_after
from .services import ballot_key

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶"
GIVEN = [*"伟芳敏静强磊军洋勇艳杰娟涛明超霞平刚", "建华", "志强", "海燕", "春梅", "国庆", "红英"]
ID_ORDERS = 499  # make_id_number gives 499 numbers per region, birth date and sex
Role, CameBy, Post = Position.Role, Position.CameBy, Position.EmployerPost


@demo_step(order=30)
def demo_cadres() -> dict[str, int]:
    today = timezone.localdate()
    return generate_cadres(Union.objects.grassroots().active(), share=0.7, today=today)


@transaction.atomic
def generate_cadres(
    unions, *, share: float, today: datetime.date, seed: int = 2026
) -> dict[str, int]:
    """Committees and elections for `share` of `unions`, bulk-written (no history rows)."""
    rng = random.Random(seed)
    chosen = [
        u
        for u in unions.select_related("employer", "parent").order_by("pk")
        if rng.random() < share
    ]
    cadres: list[Cadre] = []
    elections: list[Election] = []
    candidates: list[tuple[Election, list[Candidate]]] = []
    planned: list[tuple[Election | None, Cadre, dict]] = []
    seq = 0

    def person(union: Union) -> Cadre:
        nonlocal seq
        region = (union.parent.region_code if union.parent_id else "")[:6] or "421000"
        female = rng.random() < 0.4
        birth = datetime.date(1975, 1, 1) + datetime.timedelta(days=seq // ID_ORDERS)
        number = make_id_number(seq % ID_ORDERS, region=region, birth=birth, female=female)
        seq += 1
        cadre = Cadre(
            name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            id_number=number,
            sex="female" if female else "male",
            union=union,
            mobile=f"13{rng.randint(100000000, 999999999)}",
        )
        cadres.append(cadre)
        return cadre

    for union in chosen:
        employees = union.employer.employees if union.employer_id else 20
        founded = union.founded_on or years_after(today, -10)
        held = today - datetime.timedelta(days=rng.randint(200, 1800))
        term_years = 5 if rng.random() < 0.9 else 3
        roll = rng.random()
        if roll > 0.9:  # an old election whose term ran out without re-election
            held = years_after(held, -6)
        # 做实: a committee is elected while its union exists (先任后选 two months later).
        held = min(today, max(held, founded + datetime.timedelta(days=60)))
        chair = person(union)
        full_time = employees >= 200 and rng.random() < 0.6
        if roll < 0.08:  # 只任不选: appointed, never elected
            planned.append(
                (
                    None,
                    chair,
                    {
                        "role": Role.CHAIR,
                        "came_by": CameBy.APPOINTED,
                        "start_on": held,
                        "full_time": full_time,
                    },
                )
            )
            election = None
        else:
            voters = max(5, employees * rng.randint(60, 95) // 100)
            cast = voters - rng.randint(0, max(1, voters // 10))
            approved = min(today, held + datetime.timedelta(days=rng.randint(7, 40)))
            election = Election(
                union=union,
                held_on=held,
                eligible_voters=voters,
                votes_cast=cast,
                kind=Election.Kind.RE_ELECTION if rng.random() < 0.7 else Election.Kind.NEW,
                method=Election.Method.DIRECT if voters < 300 else Election.Method.CONGRESS,
                term_end=years_after(held, term_years),
                approved_on=approved if rng.random() < 0.88 else None,
            )
            if election.approved_on:
                election.approval_number = f"荆工组〔{election.approved_on.year}〕{seq % 97 + 1}号"
            elections.append(election)
            rival = rng.choice(SURNAMES) + rng.choice(GIVEN)
            won = cast * rng.randint(62, 90) // 100
            ballot = [
                Candidate(name=chair.name, votes=won),
                Candidate(name=rival, votes=cast - won),
            ]
            if rival == chair.name:
                ballot = ballot[:1]
            ballot.sort(key=lambda c: ballot_key(c.name))
            for order, candidate in enumerate(ballot, start=1):
                candidate.order = order
            candidates.append((election, ballot))
            early = max(founded, held - datetime.timedelta(days=60))  # never before the union
            start = early if 0.08 <= roll < 0.11 else held
            came_by = CameBy.APPOINTED if start < held else CameBy.ELECTED
            fields = {
                "role": Role.CHAIR,
                "came_by": came_by,
                "start_on": start,
                "full_time": full_time,
            }
            planned.append((election, chair, fields))
        if 0.11 <= roll < 0.24:  # 光杆司令: the chair alone
            continue
        others = [Role.VICE_CHAIR] if rng.random() < 0.5 else []
        others += [Role.COMMITTEE] * rng.randint(2, 4) + [Role.FUNDS_AUDIT, Role.WOMEN]
        for role in others:
            post = Post.HR if rng.random() < 0.04 else Post.WORKER
            planned.append(
                (None, person(union), {"role": role, "start_on": held, "employer_post": post})
            )
    Cadre.objects.bulk_create(cadres, batch_size=2000)
    Election.objects.bulk_create(elections, batch_size=2000)
    rows = []
    for election, ballot in candidates:
        for candidate in ballot:
            candidate.election = election  # now saved, with its pk
            rows.append(candidate)
    Candidate.objects.bulk_create(rows, batch_size=2000)
    positions = [
        Position(union=cadre.union, cadre=cadre, election=election, **fields)
        for election, cadre, fields in planned
    ]
    Position.objects.bulk_create(positions, batch_size=2000)
    # The union ledger's committee date and chair follow the chairs just made.
    chairs = Position.objects.filter(union=OuterRef("pk"), role=Role.CHAIR).order_by("-start_on")
    Union.objects.filter(pk__in=unions.values("pk")).filter(Exists(chairs)).update(
        committee_since=Subquery(chairs.values("start_on")[:1]),
    )
    sync_chair_names(unions.values("pk"), on=today)
    return {"cadres": len(cadres), "positions": len(positions), "elections": len(elections)}


# ------------------------------------------------------------------ assistants, pilots, training


# The second step draws its names from a pool of its own.
SURNAMES_2 = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁"
GIVEN_2 = ["晓敏", "丽华", "志刚", "文静", "海波", "春燕", "建军", "玉兰", "德明", "雪梅", "国强"]
STANDARD = Decimal("3000")  # the salary parameter's default


@demo_step(order=40)
def demo_assistants_agreements_training() -> dict[str, int]:
    rng = random.Random(2026)
    today = timezone.localdate()
    with transaction.atomic():
        assistants, payments = generate_assistants(rng, today)
        pilots = generate_agreements(rng, today)
        courses, attendances = generate_training(rng, today)
    return {
        "assistants": assistants,
        "assistant_payments": payments,
        "chair_agreements": pilots,
        "training_courses": courses,
        "training_attendances": attendances,
    }


def generate_assistants(rng: random.Random, today: datetime.date) -> tuple[int, int]:
    """One assistant per township; this year's pay mostly at the standard, with the usual
    shortfalls a province inspection finds (below standard, uninsured, a month unpaid)."""
    townships = list(Union.objects.filter(level=Union.Level.TOWNSHIP).order_by("path"))
    assistants = []
    for seq, township in enumerate(townships):
        region = (township.region_code or "421000")[:6].ljust(6, "0")
        hired = datetime.date(rng.randint(2019, today.year), rng.randint(1, 12), 1)
        hired = min(hired, today.replace(day=1))
        assistants.append(
            Assistant(
                name=rng.choice(SURNAMES_2) + rng.choice(GIVEN_2),
                id_number=make_id_number(
                    seq % 499,
                    region=region,
                    birth=datetime.date(1988, 1, 1) + datetime.timedelta(seq),
                    female=rng.random() < 0.6,
                ),
                mobile=f"139{rng.randint(10000000, 99999999)}",
                post=township,
                hired_on=hired,
                route=rng.choice(Assistant.Route.values),
            )
        )
    Assistant.objects.bulk_create(assistants)
    payments = []
    for assistant in Assistant.objects.all():
        for month in range(1, today.month + 1):
            on = datetime.date(today.year, month, 1)
            if on < assistant.hired_on.replace(day=1) or rng.random() < 0.03:
                continue  # not yet hired, or the month's pay was not recorded
            below = rng.random() < 0.08
            salary = STANDARD - Decimal(rng.choice([200, 300, 500])) if below else STANDARD
            payments.append(
                AssistantPayment(
                    assistant=assistant, month=on, salary=salary, insured=rng.random() > 0.05
                )
            )
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
            kind = (
                ChairAgreement.Kind.REGIONAL
                if union.level == Union.Level.JOINT
                else ChairAgreement.Kind.NON_PUBLIC
            )
            pilots.append(
                ChairAgreement(
                    union=union,
                    kind=kind,
                    upper_party=str(union.parent),
                    employer_party=str(union.employer or f"{union.name}所涵盖单位"),
                    chair_name=rng.choice(SURNAMES_2) + rng.choice(GIVEN_2),
                    status=ChairAgreement.Status.SIGNED
                    if signed
                    else ChairAgreement.Status.PREPARING,
                    signed_on=on if signed else None,
                    term_start=on if signed else None,
                    term_end=on.replace(year=on.year + 3) if signed else None,
                )
            )
    ChairAgreement.objects.bulk_create(pilots)
    return len(pilots)


def generate_training(rng: random.Random, today: datetime.date) -> tuple[int, int]:
    """Courses of the city and of each county this year, attended by the county's cadres."""
    organizers = [
        *Union.objects.filter(level=Union.Level.CITY),
        *Union.objects.filter(level=Union.Level.COUNTY).order_by("path"),
    ]
    made, attendances = 0, []
    for organizer in organizers:
        cadres = list(Cadre.objects.in_subtree(organizer.path).order_by("?")[:40])
        for _ in range(rng.randint(1, 3)):
            kind = rng.choice(TrainingCourse.Kind.values)
            start = datetime.date(today.year, rng.randint(1, today.month), rng.randint(1, 25))
            short = organizer.name.removesuffix("总工会")
            course = TrainingCourse.objects.create(
                name=f"{short}{today.year}年{TrainingCourse.Kind(kind).label.removesuffix('培训')}培训班",
                organizer=organizer,
                kind=kind,
                starts_on=start,
                ends_on=start + datetime.timedelta(days=rng.randint(0, 3)),
                place=f"{short}职工服务中心",
                hours=Decimal(rng.choice([8, 12, 16, 24])),
            )
            made += 1
            for cadre in rng.sample(cadres, min(len(cadres), rng.randint(8, 20))):
                attendances.append(Attendance(course=course, cadre=cadre))
    Attendance.objects.bulk_create(attendances)
    return made, len(attendances)
