"""Demo cadres and chair elections for `make run`, and the same generator for the benchmarks.

A share of the grassroots unions get a committee (chair, vice-chair, members, funds-audit and
women workers' committee members) and the election that produced their chair; a few get the
defects the check rules look for (an appointed chair, a chair alone, an expired term, an
election not approved, a committee member who heads HR), so the findings page has content.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery

from apps.core.demo import demo_step
from apps.core.validators import make_id_number
from apps.unions.models import Union

from .models import Cadre, Candidate, Election, Position
from .models.positions import sync_chair_names
from .rules import years_after
from .services import ballot_key

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶"
GIVEN = [*"伟芳敏静强磊军洋勇艳杰娟涛明超霞平刚", "建华", "志强", "海燕", "春梅", "国庆", "红英"]
ID_ORDERS = 499  # make_id_number gives 499 numbers per region, birth date and sex
Role, CameBy, Post = Position.Role, Position.CameBy, Position.EmployerPost


@demo_step(order=30)
def demo_cadres() -> dict[str, int]:
    today = datetime.date.today()
    return generate_cadres(Union.objects.grassroots().active(), share=0.7, today=today)


@transaction.atomic
def generate_cadres(
    unions, *, share: float, today: datetime.date, seed: int = 2026
) -> dict[str, int]:
    """Committees and elections for `share` of `unions`, bulk-written (no history rows)."""
    rng = random.Random(seed)
    chosen = [u for u in unions.select_related("employer", "parent").order_by("pk")
              if rng.random() < share]  # fmt: skip
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
        cadre = Cadre(name=rng.choice(SURNAMES) + rng.choice(GIVEN), id_number=number,
                      sex="female" if female else "male", union=union,
                      mobile=f"13{rng.randint(100000000, 999999999)}")  # fmt: skip
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
            planned.append((None, chair, {"role": Role.CHAIR, "came_by": CameBy.APPOINTED,
                                          "start_on": held, "full_time": full_time}))  # fmt: skip
            election = None
        else:
            voters = max(5, employees * rng.randint(60, 95) // 100)
            cast = voters - rng.randint(0, max(1, voters // 10))
            approved = min(today, held + datetime.timedelta(days=rng.randint(7, 40)))
            election = Election(
                union=union, held_on=held, eligible_voters=voters, votes_cast=cast,
                kind=Election.Kind.RE_ELECTION if rng.random() < 0.7 else Election.Kind.NEW,
                method=Election.Method.DIRECT if voters < 300 else Election.Method.CONGRESS,
                term_end=years_after(held, term_years),
                approved_on=approved if rng.random() < 0.88 else None,
            )  # fmt: skip
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
            fields = {"role": Role.CHAIR, "came_by": came_by, "start_on": start,
                      "full_time": full_time}  # fmt: skip
            planned.append((election, chair, fields))
        if 0.11 <= roll < 0.24:  # 光杆司令: the chair alone
            continue
        others = [Role.VICE_CHAIR] if rng.random() < 0.5 else []
        others += [Role.COMMITTEE] * rng.randint(2, 4) + [Role.FUNDS_AUDIT, Role.WOMEN]
        for role in others:
            post = Post.HR if rng.random() < 0.04 else Post.WORKER
            planned.append((None, person(union), {"role": role, "start_on": held,
                                                      "employer_post": post}))  # fmt: skip
    Cadre.objects.bulk_create(cadres, batch_size=2000)
    Election.objects.bulk_create(elections, batch_size=2000)
    rows = []
    for election, ballot in candidates:
        for candidate in ballot:
            candidate.election = election  # now saved, with its pk
            rows.append(candidate)
    Candidate.objects.bulk_create(rows, batch_size=2000)
    positions = [Position(union=cadre.union, cadre=cadre, election=election, **fields)
                 for election, cadre, fields in planned]  # fmt: skip
    Position.objects.bulk_create(positions, batch_size=2000)
    # The union ledger's committee date and chair follow the chairs just made.
    chairs = Position.objects.filter(union=OuterRef("pk"), role=Role.CHAIR).order_by("-start_on")
    Union.objects.filter(pk__in=unions.values("pk")).filter(Exists(chairs)).update(
        committee_since=Subquery(chairs.values("start_on")[:1]),
    )
    sync_chair_names(unions.values("pk"), on=today)
    return {"cadres": len(cadres), "positions": len(positions), "elections": len(elections)}
