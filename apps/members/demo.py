"""Demo members for `make run`: a few real-looking members in every grassroots union."""

import datetime
import random

from django.db import transaction

from apps.core.demo import demo_step
from apps.core.validators import id_number_facts, make_id_number
from apps.unions.models import Union

from .forms import working_age_on
from .models import Member, Membership, MembershipStatus, duplicate_keys, refresh_namesakes
from .pinyin import name_initials
from .services import note_roster_changes

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "志强",
    "海燕",
    "春梅",
]
# Second characters of two-character given names: with GIVEN this makes ~50,000 distinct
# names, so a name or initials search matches hundreds of rows, not a fifth of the city.
GIVEN_SECOND = (
    "伟芳敏静丽强磊军洋勇艳杰娟涛明超霞平刚辉玲华飞鹏红英文斌宇浩凯婷雪琳晨鑫欣怡涵轩俊佳"
)


def scale_name(rng: random.Random) -> str:
    """A name for the data sets of a whole city (generate_scale, the benchmarks)."""
    given = rng.choice(GIVEN)
    if rng.random() < 0.7:
        given = given[0] + rng.choice(GIVEN_SECOND)
    return rng.choice(SURNAMES) + given


ID_ORDERS = 499  # make_id_number gives 499 numbers per region, birth date and sex
# Birth dates run over 1966-01-01 + BIRTH_SPAN days, one member a day before the order code
# moves on: namesakes then rarely share a birth date, as in life, and 会员核查's 疑似重复
# shows the one pair made on purpose (below) rather than hundreds of chance ones.
BIRTH_SPAN = 12_000


@demo_step(order=20)
def demo_members() -> dict[str, int]:
    return {"members": generate_members(per_union=6)}


@transaction.atomic
def generate_members(*, per_union: int, seed: int = 2026) -> int:
    """`per_union` members in every active grassroots union, bulk-written with memberships."""
    rng = random.Random(seed)
    unions = list(Union.objects.grassroots().active().select_related("employer"))
    members, seq = [], 0
    for union in unions:
        region = (union.parent.region_code if union.parent_id else "")[:6] or "421000"
        for _ in range(per_union):
            birth = datetime.date(1966, 1, 1) + datetime.timedelta(days=seq % BIRTH_SPAN)
            number = make_id_number(
                seq // BIRTH_SPAN, region=region, birth=birth, female=rng.random() < 0.45
            )
            seq += 1
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            born, sex = id_number_facts(number)
            joined = max(union.founded_on or datetime.date(2015, 1, 1), working_age_on(born))
            members.append(
                Member(
                    id_number=number,
                    name=name,
                    name_initials=name_initials(name),
                    sex=sex,
                    birth_date=born,
                    id_tail=number[-4:],
                    union=union,
                    union_path=union.path,
                    status=MembershipStatus.ACTIVE,
                    joined_on=joined,
                    employer=union.employer,
                    household_type=rng.choice(["agricultural", "non_agricultural"]),
                    mobile=f"13{rng.randint(100000000, 999999999)}",
                    application_submitted=rng.random() < 0.7,
                    card_number=f"HB{seq:08d}" if rng.random() < 0.6 else "",
                )
            )
    if members:  # 疑似重复: the first member entered again with a mistyped order code
        first = members[0]
        number = make_id_number(
            ID_ORDERS - 1,
            region=first.id_number[:6],
            birth=first.birth_date,
            female=first.sex == Member.Sex.FEMALE,
        )
        members.append(
            Member(
                **{
                    **{f.attname: getattr(first, f.attname) for f in Member._meta.concrete_fields},
                    "id": None,
                    "id_number": number,
                    "id_tail": number[-4:],
                    "card_number": "",
                }
            )
        )
    Member.objects.bulk_create(members, batch_size=2000)
    Membership.objects.bulk_create(
        [Membership.of(m, union=m.union, joined_on=m.joined_on) for m in members],
        batch_size=2000,
    )
    note_roster_changes(union.pk for union in unions)
    refresh_namesakes(duplicate_keys())
    return len(members)
