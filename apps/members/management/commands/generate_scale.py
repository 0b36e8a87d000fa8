"""Scale data for benchmarks: the Jingzhou tree, employers, grassroots unions and members.

    python manage.py generate_scale --members 1000000 --employers 100000

Employers and unions come from apps.unions.demo.generate (skipped when employers exist);
members are spread over the grassroots and joint unions in proportion to their employees and
bulk-written with one membership each. No history rows: this is generated data, not entries.
"""

from __future__ import annotations

import datetime
import math
import random
import time
from collections import defaultdict
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from apps.core.exchange.bulk import refresh_statistics
from apps.core.validators import ID_MAX_SEQ, make_id_number
from apps.members.demo import scale_name
from apps.members.models import (
    Member,
    Membership,
    MembershipStatus,
    duplicate_keys,
    refresh_namesakes,
)
from apps.members.pinyin import name_initials
from apps.members.services import note_roster_changes
from apps.unions import demo
from apps.unions.models import Coverage, Employer, Union
from apps.unions.reference import load_reference, load_union_tree

ETHNICITIES = (["汉族"] * 96) + ["土家族", "土家族", "回族", "苗族"]
POLITICAL = ["masses"] * 78 + ["cpc"] * 12 + ["cyl"] * 8 + ["cpc_probationary", "democratic_party"]
EDUCATION = ["junior"] * 30 + ["secondary"] * 30 + ["college"] * 20 + ["bachelor"] * 17 + [""] * 3
RETAINED_REASONS = ["退休", "失业", "离岗学习"]
CHUNK = 20_000  # members built, written and dropped at a time: memory stays flat


@dataclass
class Home:
    """A union members are placed in, with what their rows copy from it."""

    pk: int
    path: str
    region: str
    founded_on: datetime.date
    employers: list[int]  # the union's own employer, or those a joint union covers
    weight: int  # employees: how many members it gets relative to the others


class Command(BaseCommand):
    help = "生成基准测试规模数据：荆州组织树、单位和基层工会、会员及会籍（批量写入）"

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=1_000_000, help="会员数")
        parser.add_argument(
            "--employers",
            type=int,
            default=100_000,
            help="单位数（按乡镇平均分配；约三成单位建会，基层工会数由此而来）",
        )
        parser.add_argument("--seed", type=int, default=2026, help="随机种子")

    def handle(self, *args, members: int, employers: int, seed: int, **options):
        started = time.perf_counter()
        load_reference()
        load_union_tree()
        if Employer.objects.exists():
            self.stdout.write(f"已有 {Employer.objects.count():,} 个单位，跳过单位和工会的生成")
        else:
            townships = Union.objects.filter(level=Union.Level.TOWNSHIP).count()
            per_township = math.ceil(employers / townships)
            self.stdout.write(f"生成单位和工会：{townships} 个乡镇 × {per_township} 个单位 …")
            made = demo.generate(employers_per_township=per_township, seed=seed)
            self.stdout.write(f"  {made}（{time.perf_counter() - started:.0f} 秒）")
        if Member.objects.exists():
            raise CommandError(
                f"数据库中已有 {Member.objects.count():,} 名会员，未再生成；"
                "如需重新生成，请先清空会员表"
            )
        homes = load_homes()
        if not homes:
            raise CommandError("没有可安置会员的基层工会")
        self.stdout.write(f"生成 {members:,} 名会员，分布在 {len(homes):,} 个基层工会 …")
        generate_members(members, homes, seed=seed, progress=self.stdout.write)
        note_roster_changes(home.pk for home in homes)
        refresh_namesakes(duplicate_keys())
        refresh_statistics(Member, Membership)
        active = Member.objects.filter(status=MembershipStatus.ACTIVE).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"完成：{Member.objects.count():,} 名会员（正常 {active:,}），"
                f"{Membership.objects.count():,} 条会籍，"
                f"用时 {time.perf_counter() - started:.0f} 秒"
            )
        )


def load_homes() -> list[Home]:
    """Active grassroots and joint unions in path order (so member rows go in path order)."""
    covered = defaultdict(list)
    for union_id, employer_id, employees in Coverage.objects.values_list(
        "union_id", "employer_id", "employer__employees"
    ):
        covered[union_id].append((employer_id, employees))
    default_founded = datetime.date(2015, 1, 1)
    homes = []
    for pk, path, region, founded_on, employer_id, employees in (
        Union.objects.grassroots()
        .active()
        .order_by("path")
        .values_list(
            "pk", "path", "parent__region_code", "founded_on", "employer_id", "employer__employees"
        )
    ):
        own = [(employer_id, employees or 0)] if employer_id else covered.get(pk, [])
        weight = sum(e for _, e in own)
        if weight:
            region = (region or "")[:6] or "421000"
            founded_on = founded_on or default_founded
            homes.append(Home(pk, path, region, founded_on, [e for e, _ in own], weight))
    return homes


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), summing to `total`."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def generate_members(total: int, homes: list[Home], *, seed: int, progress) -> None:
    """`total` members with valid, unique ID numbers and one membership each, in one
    transaction (nothing half-written), written a chunk at a time."""
    rng = random.Random(seed)
    today = timezone.localdate()
    oldest, youngest = datetime.date(1966, 1, 1), datetime.date(2006, 12, 31)
    birth_span = (youngest - oldest).days
    regions = sorted({h.region for h in homes})
    used: dict[tuple[str, datetime.date, bool], set[int]] = defaultdict(set)
    initials: dict[str, str] = {}
    started, made, members, memberships = time.perf_counter(), 0, [], []
    if connection.vendor == "sqlite":
        # A 256 MB page cache: six indexes take a million random inserts without
        # re-reading their pages from the OS (this connection only).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")
    with transaction.atomic():
        for home, count in zip(homes, allocate(total, [h.weight for h in homes]), strict=True):
            for _ in range(count):
                female = rng.random() < 0.45
                migrant = rng.random() < 0.35
                # Migrant workers often come from another county of the city.
                region = rng.choice(regions) if migrant and rng.random() < 0.5 else home.region
                birth = oldest + datetime.timedelta(days=rng.randrange(birth_span))
                while len(used[region, birth, female]) > ID_MAX_SEQ:  # 499 a day and sex
                    birth += datetime.timedelta(days=1)
                # A random order code, as registries hand them out: counted up from 001, the
                # last four digits would cluster and a search by them match 1 % of the city.
                taken = used[region, birth, female]
                seq = rng.randrange(ID_MAX_SEQ + 1)
                while seq in taken:
                    seq = rng.randrange(ID_MAX_SEQ + 1)
                taken.add(seq)
                number = make_id_number(seq, region=region, birth=birth, female=female)
                name = scale_name(rng)
                if name not in initials:
                    initials[name] = name_initials(name)
                adult = birth.replace(year=birth.year + 18, day=min(birth.day, 28))  # no 29 Feb
                start = max(home.founded_on, adult)
                # Most of a workforce joins when its union is founded (建会); the rest join
                # later, as they are hired: a year's new members are a few percent of all.
                span = (today - start).days
                joined = start + datetime.timedelta(
                    days=rng.randint(0, min(span, 90) if rng.random() < 0.7 else span)
                )
                roll, form = rng.random(), rng.random()
                status = "withdrawn" if roll < 0.01 else "retained" if roll < 0.035 else "active"
                made += 1
                members.append(
                    (
                        made,
                        number,
                        name,
                        initials[name],
                        "female" if female else "male",
                        birth,
                        rng.choice(ETHNICITIES),
                        rng.choice(POLITICAL),
                        rng.choice(EDUCATION),
                        f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                        "agricultural" if migrant else "non_agricultural",
                        "dispatch" if form < 0.06 else "flexible" if form < 0.09 else "contract",
                        rng.choice(home.employers),
                        rng.random() < 0.92,
                        f"HB{made:09d}" if rng.random() < 0.88 else "",
                        home.pk,
                        status,
                        joined,
                        home.path,
                        number[-4:],
                    )
                )
                left_on, reason = None, ""
                if status == "withdrawn":
                    days = rng.randint(0, (today - joined).days)
                    left_on = joined + datetime.timedelta(days=days)
                    reason = "本人申请退会"
                elif status == "retained":
                    reason = rng.choice(RETAINED_REASONS)
                # The member's facts the figures read from the membership (Membership.of).
                memberships.append(
                    (
                        made,
                        made,
                        home.pk,
                        joined,
                        left_on,
                        status,
                        reason,
                        female,
                        migrant,
                        form < 0.06,
                        True,
                    )
                )
                if len(members) == CHUNK:
                    insert(Member, MEMBER_COLUMNS, members)
                    insert(Membership, MEMBERSHIP_COLUMNS, memberships)
                    members, memberships = [], []
                    elapsed = time.perf_counter() - started
                    progress(
                        f"  {made:,} / {total:,}（{elapsed:.0f} 秒，{made / elapsed:,.0f} 条/秒）"
                    )
        insert(Member, MEMBER_COLUMNS, members)
        insert(Membership, MEMBERSHIP_COLUMNS, memberships)
        with connection.cursor() as cursor:  # ids were given: move PostgreSQL's sequences on
            for sql in connection.ops.sequence_reset_sql(no_style(), [Member, Membership]):
                cursor.execute(sql)


MEMBER_COLUMNS = (
    "id",
    "id_number",
    "name",
    "name_initials",
    "sex",
    "birth_date",
    "ethnicity",
    "political_status",
    "education",
    "mobile",
    "household_type",
    "employment_form",
    "employer",
    "application_submitted",
    "card_number",
    "union",
    "status",
    "joined_on",
    "union_path",
    "id_tail",
)
MEMBERSHIP_COLUMNS = (
    "id",
    "member",
    "union",
    "joined_on",
    "left_on",
    "status",
    "reason",
    "female",
    "migrant",
    "dispatched",
    "first",
)


def insert(model: type[Model], fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Multi-row INSERT of plain tuples, `rows` at a time.

    bulk_create of Member objects spends most of its time preparing each field's value in
    Python; one executemany of tuples skips that work and writes the ids too, so memberships
    need no RETURNING.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(f).column) for f in fields)
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
