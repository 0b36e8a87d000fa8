"""做实: every figure family recounted by an independent implementation — plain Python over the
raw rows, not the stats code — over ledgers written at random through the services and the
importer (enrolments, transfers, withdrawals, roster corrections, re-admissions, dissolved
unions, closed employers, ended coverages), on two as-of days. The two must agree."""

import datetime
import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import Workbook

from apps.accounts.roles import CITY_ADMIN
from apps.core.validators import make_id_number, make_uscc
from apps.members.importers import MemberImporter
from apps.members.models import Member, Membership, MembershipStatus
from apps.members.services import change_status, enroll, request_transfer
from apps.stats.figures import Scope, compute
from apps.unions.models import Coverage, Employer, Union
from tests.conftest import make_user

TODAY = timezone.localdate()
FIGURES = [
    "employers",
    "unionized",
    "own",
    "covered",
    "unions",
    "joint",
    "new_unions",
    "new_covered",
    "members",
    "women_members",
    "migrant_members",
    "new_members",
]


def day_between(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def build(rng) -> tuple[Union, object]:
    city = Union.objects.create(name="荆州市总工会", level="city")
    admin = make_user("recount", CITY_ADMIN, city)
    seq, people = 0, 0
    unions = []
    for c in range(2):
        county = Union.objects.create(name=f"县{c}总工会", level="county", parent=city)
        for t in range(2):
            township = Union.objects.create(name=f"县{c}镇{t}工会", level="township", parent=county)
            joint = Union.objects.create(
                name=f"县{c}镇{t}联合工会",
                level="joint",
                parent=township,
                founded_on=datetime.date(2016, 1, 1),
            )
            unions.append(joint)
            for _ in range(6):
                seq += 1
                started = day_between(rng, datetime.date(2012, 1, 1), datetime.date(2025, 12, 1))
                employer = Employer.objects.create(
                    uscc=make_uscc(seq, prefix="91421002"),
                    name=f"单位{seq}",
                    owner=township,
                    nature="private",
                    employees=rng.randint(5, 300),
                    started_on=started,
                )
                roll = rng.random()
                if roll < 0.5:
                    founded = day_between(rng, started, TODAY - datetime.timedelta(days=30))
                    union = Union.objects.create(
                        name=f"单位{seq}工会",
                        level="grassroots",
                        parent=township,
                        employer=employer,
                        founded_on=founded,
                    )
                    unions.append(union)
                    if rng.random() < 0.15:
                        union.dissolved_on = day_between(rng, founded, TODAY)
                        union.save()
                elif roll < 0.8:
                    start = day_between(rng, max(started, joint.founded_on), TODAY)
                    coverage = Coverage.objects.create(
                        union=joint, employer=employer, start_on=start
                    )
                    if rng.random() < 0.2:
                        coverage.end_on = day_between(rng, start, TODAY)
                        coverage.save()
                if rng.random() < 0.2:
                    employer.closed_on = day_between(rng, started, TODAY)
                    employer.save()
    for union in unions:
        last = min(union.dissolved_on or TODAY, TODAY) - datetime.timedelta(days=1)
        for _ in range(4):
            people += 1
            birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=people * 97)
            person = Member(
                name=f"会员{people}",
                id_number=make_id_number(people % 400, birth=birth, female=people % 3 == 0),
                household_type=rng.choice(["agricultural", "non_agricultural"]),
            )
            try:
                enroll(person, union, day_between(rng, union.founded_on, last), actor=admin)
            except ValidationError:
                continue
    return city, admin


def churn(rng, admin) -> None:
    """Transfers, withdrawals, then a roster import that corrects 入会日期 and re-admits."""
    alive = list(Union.objects.grassroots().filter(dissolved_on__isnull=True))
    for person in Member.objects.order_by("pk"):
        roll = rng.random()
        current = person.memberships.get(left_on__isnull=True)
        on = day_between(rng, current.joined_on, TODAY)
        try:
            if roll < 0.2:
                request_transfer(person, rng.choice(alive), on=on, actor=admin)
            elif roll < 0.35:
                change_status(person, "withdrawn", on=on, reason="离职", actor=admin)
        except ValidationError:
            continue
    rows = []
    for person in Member.objects.order_by("pk"):
        stays = list(person.memberships.order_by("joined_on"))
        if person.status == MembershipStatus.WITHDRAWN and rng.random() < 0.5:
            rejoins = rng.choice(alive)  # a union that still exists
            since = max(stays[-1].left_on, rejoins.founded_on)
            rows.append(
                [person.name, person.id_number, rejoins.name, day_between(rng, since, TODAY)]
            )
        elif len(stays) == 1 and person.status == "active" and rng.random() < 0.3:
            first = stays[0]
            rows.append(
                [
                    person.name,
                    person.id_number,
                    first.union.name,
                    day_between(rng, first.union.founded_on, first.joined_on),
                ]
            )
    book = Workbook()
    book.active.append(["姓名", "身份证号", "所在工会", "入会日期"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    result = MemberImporter(admin).run(out, "更正.xlsx", commit=True)
    assert result.errors == [] and result.committed and result.updated == len(rows) > 0


def existing(founded, dissolved, day) -> bool:
    return (founded is None or founded <= day) and (dissolved is None or dissolved > day)


def recount(county: Union, day: datetime.date, year: int) -> dict[str, int]:
    """The figures of DOMAIN.md and docs/数据口径.md, counted from raw rows."""
    start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), day)
    unions = {u["id"]: u for u in Union.objects.values()}

    def under(path: str) -> bool:
        return path.startswith(county.path)

    own = {
        u["employer_id"]
        for u in unions.values()
        if u["level"] == "grassroots"
        and u["employer_id"]
        and existing(u["founded_on"], u["dissolved_on"], day)
    }
    covered = {
        c["employer_id"]
        for c in Coverage.objects.values()
        if c["start_on"] <= day
        and (c["end_on"] is None or c["end_on"] > day)
        and existing(None, unions[c["union_id"]]["dissolved_on"], day)
    }
    counts = dict.fromkeys(FIGURES, 0)
    for e in Employer.objects.select_related("owner").values(
        "id", "owner__path", "started_on", "closed_on"
    ):
        if under(e["owner__path"]) and existing(e["started_on"], e["closed_on"], day):
            counts["employers"] += 1
            counts["own"] += e["id"] in own
            counts["covered"] += e["id"] not in own and e["id"] in covered
    counts["unionized"] = counts["own"] + counts["covered"]
    for u in unions.values():
        if under(u["path"]) and u["level"] in ("grassroots", "joint"):
            if existing(u["founded_on"], u["dissolved_on"], day):
                counts["unions"] += 1
                counts["joint"] += u["level"] == "joint"
            counts["new_unions"] += bool(u["founded_on"]) and start <= u["founded_on"] <= end
    counts["new_covered"] = sum(
        1
        for c in Coverage.objects.values("union_id", "start_on")
        if under(unions[c["union_id"]]["path"]) and start <= c["start_on"] <= end
    )
    people = {m["id"]: m for m in Member.objects.values("id", "sex", "household_type", "joined_on")}
    for s in Membership.objects.values("member_id", "union_id", "joined_on", "left_on"):
        if not under(unions[s["union_id"]]["path"]):
            continue
        person = people[s["member_id"]]
        if s["joined_on"] <= day and (s["left_on"] is None or s["left_on"] > day):
            counts["members"] += 1
            counts["women_members"] += person["sex"] == "female"
            counts["migrant_members"] += person["household_type"] == "agricultural"
        first = s["joined_on"] == person["joined_on"]
        counts["new_members"] += first and start <= s["joined_on"] <= end
    return counts


@pytest.mark.parametrize("seed", [7, 2026])
def test_every_figure_family_agrees_with_an_independent_recount(db, seed):
    rng = random.Random(seed)
    city, admin = build(rng)
    churn(rng, admin)
    for day in (datetime.date(TODAY.year - 1, 6, 30), TODAY):
        table = compute(Scope(city, day, day.year), only=FIGURES)
        for row in table.rows:
            got = {key: row.values.get(key, 0) for key in FIGURES}
            assert got == recount(row.union, day, day.year), (row.label, day)
