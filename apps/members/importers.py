"""The member roster (会员花名册) in the layout of the national real-name collection form.

A row is a person in a grassroots union. Importing a roster adds new members, corrects the
facts of members the importer keeps, moves members between unions of the importer's scope
(a transfer done at once, as a clerk acting for both sides may), and re-admits people who had
left. A person who is an active member of a union outside the scope is not moved: the row is
left out and recorded as a conflict that needs a transfer (会籍接转). The same ID number typed
with another name is a conflict to check. Re-importing the same file changes nothing.

The column declarations keep `# fmt: skip`: a column a line, they read as the template.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from apps.core import foreign
from apps.core.exchange.bulk import insert_with_history
from apps.core.exchange.columns import (
    Column,
    clean_text,
    parse_bool,
    parse_choice,
    parse_date_or_month,
    parse_day_or_month_start,
    parse_id_number,
    parse_phone,
    text_max,
)
from apps.core.exchange.engine import WRITE_BATCH, LedgerImporter
from apps.core.exchange.results import RowConflict
from apps.core.lifecycle import first_date_error, merged_values
from apps.core.validators import id_number_facts
from apps.unions.importers import UnionNameResolver
from apps.unions.models import Employer, Union

from .forms import working_age_on
from .models import (
    FACT_SOURCES,
    Member,
    MemberConflict,
    Membership,
    MembershipStatus,
    refresh_namesakes,
)
from .pinyin import name_initials
from .services import note_roster_changes

ErrorFn = Callable[[str, str], None]
SEX_LABELS = dict(Member.Sex.choices)
# The member fields (as the importer names them) that its memberships carry copies of.
FACT_FIELDS = {name.removesuffix("_id") for name in FACT_SOURCES}
MEMBERSHIP_BATCH = 20_000


parse_household = parse_choice(
    Member.HouseholdType,
    {"农业": "agricultural", "非农业": "non_agricultural", "城镇": "non_agricultural"},
)


def parse_migrant(value: Any) -> str:
    """户籍类型, or the form's 是否农民工 (是 → 农业户口)."""
    text = clean_text(value)
    try:
        return (
            Member.HouseholdType.AGRICULTURAL
            if parse_bool(text)
            else Member.HouseholdType.NON_AGRICULTURAL
        )
    except ValueError:
        return parse_household(text)


class MemberImporter(LedgerImporter):
    name = "members"
    model = Member
    key = "id_number"
    insert_by_key = True
    conflicts_url_name = "members:memberconflict_list"
    columns = [
        Column("name", "姓名", ("会员姓名",), parse=text_max(30), required=True, example="张伟"),
        Column(
            "id_number",
            "身份证号",
            ("公民身份号码", "身份证号码", "居民身份证号"),
            parse=parse_id_number,
            required=True,
            example="421002199001011234",
        ),  # fmt: skip
        Column("sex", "性别", parse=parse_choice(Member.Sex), example="男"),
        Column(
            "birth_date", "出生日期", ("出生年月",), parse=parse_date_or_month, example="1990-01"
        ),
        Column("ethnicity", "民族", parse=text_max(20), example="汉族"),
        Column(
            "political_status",
            "政治面貌",
            parse=parse_choice(
                Member.PoliticalStatus,
                {"党员": "cpc", "团员": "cyl", "预备党员": "cpc_probationary"},
            ),
            example="群众",
        ),  # fmt: skip
        Column(
            "education",
            "学历",
            ("文化程度",),
            parse=parse_choice(
                Member.Education,
                {
                    "本科": "bachelor",
                    "大专": "college",
                    "专科": "college",
                    "中专": "secondary",
                    "高中": "secondary",
                    "初中": "junior",
                    "小学": "junior",
                    "研究生": "postgraduate",
                    "硕士": "postgraduate",
                    "博士": "postgraduate",
                },
            ),
            example="大学本科",
        ),  # fmt: skip
        Column(
            "mobile",
            "手机号",
            ("手机号码", "联系电话", "手机"),
            parse=parse_phone,
            example="13871234567",
        ),  # fmt: skip
        Column(
            "household_type",
            "户籍类型",
            ("户口性质", "是否农民工"),
            parse=parse_migrant,
            example="非农业户口",
        ),  # fmt: skip
        Column(
            "employment_form",
            "用工形式",
            parse=parse_choice(
                Member.EmploymentForm,
                {
                    "合同工": "contract",
                    "派遣": "dispatch",
                    "劳务派遣工": "dispatch",
                    "灵活用工": "flexible",
                },
            ),
            example="劳动合同",
        ),  # fmt: skip
        Column(
            "union",
            "所在工会",
            ("工会名称", "所在基层工会", "基层工会名称"),
            example="荆州市示例科技有限公司工会委员会",
        ),  # fmt: skip
        Column("employer", "工作单位", ("单位名称", "所在单位")),
        Column(
            "joined_on",
            "入会日期",
            ("入会时间",),
            parse=parse_day_or_month_start,
            example="2020-05-01",
        ),
        Column(
            "application_submitted",
            "已交入会申请",
            ("是否递交入会申请书", "入会申请书"),
            parse=parse_bool,
            example="是",
        ),  # fmt: skip
        Column("card_number", "会员证号", ("会员证编号",), parse=text_max(30)),
        Column("dispatching_employer", "劳务派遣单位", ("派遣单位",)),
        Column("using_employer", "用工单位"),
    ]

    def prepare(self, records: list[dict[str, Any]]) -> None:
        self.unions = UnionNameResolver(
            self.user, Union.GRASSROOTS_LEVELS, (r.get("union") for r in records)
        )
        employer_keys = ("employer", "dispatching_employer", "using_employer")
        names = {r[key] for r in records for key in employer_keys if r.get(key)}
        self.employers: dict[str, list[Employer]] = {}
        for employer in Employer.objects.filter(name__in=names).only("pk", "name", "uscc"):
            self.employers.setdefault(employer.name, []).append(employer)
        self.foreign: set[int] = set()  # members found outside the scope (left their union)
        self.found_conflicts: list[MemberConflict] = []
        self.moved: set[int] = set()  # members moved between unions of the scope
        # Members who had left and are on the roster again, with the day they rejoined.
        self.rejoined: dict[int, datetime.date] = {}
        # First memberships whose start a corrected 入会日期 moves (membership pk → day).
        self.first_moves: dict[int, datetime.date] = {}
        self._stays: dict[int, list[Membership]] | None = None
        self.today = timezone.localdate()

    def outside_scope(self, member: Member, error: ErrorFn) -> bool:
        """Someone registered elsewhere: nothing stored is compared or shown (apps.core.
        foreign); only a person who left a union may join one of ours."""
        if member.id_number not in self.foreign_allowed:
            error("id_number", foreign.over_bound_message())
            return False
        self.foreign.add(member.pk)
        return True

    def to_fields(self, record: dict[str, Any], error: ErrorFn) -> dict[str, Any]:
        number = record["id_number"]
        born, sex = id_number_facts(number, validated=True)  # the column's parser checked it
        if record.get("sex") and record["sex"] != sex:
            error("sex", f"与身份证号不符（身份证号为{SEX_LABELS[sex]}性）")
        typed_birth = record.get("birth_date")
        if (
            isinstance(typed_birth, tuple)
            and typed_birth != (born.year, born.month)
            or isinstance(typed_birth, datetime.date)
            and typed_birth != born
        ):
            error("birth_date", f"与身份证号中的出生日期{born:%Y-%m-%d}不符")
        joined_on = record.get("joined_on")
        joined_ok = False  # a 入会日期 given and plausible: then checked against the ledgers
        if joined_on and joined_on > self.today:
            error("joined_on", "入会日期不能晚于今天")
        elif joined_on and joined_on < working_age_on(born):
            error("joined_on", f"入会时未满16周岁（出生于{born:%Y-%m-%d}）")
        else:
            joined_ok = bool(joined_on)
        union = self.unions.resolve(record.get("union"), "union", error)
        if union is not None and union.level not in Union.GRASSROOTS_LEVELS:
            error("union", "请填写会员所在的基层工会（或联合基层工会）")
            union = None
        fields: dict[str, Any] = {
            "id_number": number, "name": record["name"], "birth_date": born, "sex": sex,
            "name_initials": name_initials(record["name"]), "id_tail": number[-4:],
        }  # fmt: skip
        for key in ("employer", "dispatching_employer", "using_employer"):
            if record.get(key):
                fields[key] = self._employer(record[key], key, error)
        for key in ("ethnicity", "political_status", "education", "mobile", "household_type",
                    "employment_form", "application_submitted", "card_number"):  # fmt: skip
            if record.get(key) is not None:
                fields[key] = record[key]
        member = self.existing.get(number)
        if union is None:
            return fields
        fields["union"], fields["union_path"] = union, union.path
        if member is None:
            if not joined_on:
                error("joined_on", "新会员须填写入会日期")
            fields["status"], fields["joined_on"] = MembershipStatus.ACTIVE, joined_on
            if joined_ok:
                self._check_membership(union, joined_on, "joined_on", error)
            return fields
        in_union = member.status in (MembershipStatus.ACTIVE, MembershipStatus.RETAINED)
        if member.pk in self.foreign and (in_union or member.status == MembershipStatus.DECEASED):
            self._conflict(member, union, MemberConflict.Kind.ACTIVE_ELSEWHERE,
                           "在其他工会组织登记，需办理会籍接转")  # fmt: skip
            raise RowConflict("union", foreign.MEMBER_ELSEWHERE)
        if member.pk in self.foreign and member.name != record["name"]:
            raise RowConflict("name", f"该身份证号{foreign.ELSEWHERE_NAME_DIFFERS}")
        if member.name != record["name"]:
            detail = f"身份证号已登记为“{member.name}”，本行姓名为“{record['name']}”"
            self._conflict(member, union, MemberConflict.Kind.FACTS_DIFFER, detail)
            raise RowConflict("name", f"该身份证号已登记为“{member.name}”，姓名不一致，请核对")
        if not in_union:
            # 重新入会: a new membership from the roster's 入会日期 (never the import's day);
            # the closed membership, its year and the person's first 入会日期 stay as they are.
            if not joined_on:
                error("joined_on", "重新入会的会员须填写本次入会日期")
            elif joined_ok:
                self._check_rejoin(member, union, joined_on, error)
            self.rejoined[member.pk] = joined_on
            fields["status"] = MembershipStatus.ACTIVE
            return fields
        if member.union_id != union.pk:
            self.moved.add(member.pk)
            self._check_membership(union, self.today, "union", error)
            for stay in self.stays(member):  # the membership the move ends today
                if stay.left_on is None:
                    ends = merged_values({"left_on": self.today}, stay)
                    self.check_closing(Membership, stay, ends, lambda _, m: error("union", m))
        if joined_ok and joined_on != member.joined_on:
            self._correct_first_join(member, joined_on, error)
        if joined_on:
            fields["joined_on"] = joined_on
        return fields

    def change_kind(self, member: Member) -> str:
        if member.pk in self.rejoined:
            return "重新入会"
        if member.pk in self.moved:
            return "转入本范围内其他工会"
        return "修改"

    def stays(self, member: Member) -> list[Membership]:
        """The member's memberships, first first (loaded once for every member of the file
        the ledger holds, when a row first needs them)."""
        if self._stays is None:
            self._stays = {}
            ids = [m.pk for m in self.existing.values()]
            for start in range(0, len(ids), WRITE_BATCH):
                rows = Membership.objects.filter(member_id__in=ids[start : start + WRITE_BATCH])
                for stay in rows.select_related("union").order_by("joined_on", "pk"):
                    self._stays.setdefault(stay.member_id, []).append(stay)
        return self._stays.get(member.pk, [])

    def _correct_first_join(self, member: Member, joined_on: datetime.date, error) -> None:
        """A corrected 入会日期 moves the membership it dates — the person's first — so the
        person stays counted as joining that year (新发展会员); refused when the first
        membership ended before the corrected day."""
        first = next(iter(self.stays(member)), None)
        if first is None:
            return
        if first.left_on and joined_on > first.left_on:
            error("joined_on", f"更正后的入会日期晚于该会员在“{first.union}”的会籍结束日期"
                               f"（{first.left_on:%Y-%m-%d}），请核对")  # fmt: skip
            return
        self._check_membership(first.union, joined_on, "joined_on", error)
        self.check_closing(Membership, first, merged_values({"joined_on": joined_on}, first), error)
        self.first_moves[first.pk] = joined_on

    def _check_rejoin(self, member: Member, union: Union, joined_on: datetime.date, error) -> None:
        ended = max((s.left_on for s in self.stays(member) if s.left_on), default=None)
        if ended and joined_on < ended:
            error("joined_on", f"重新入会日期早于该会员上次会籍的结束日期（{ended:%Y-%m-%d}）")
            return
        self._check_membership(union, joined_on, "joined_on", error)

    def _check_membership(
        self, union: Union, joined_on: datetime.date | None, key: str, error: ErrorFn
    ) -> None:
        """The membership the row starts must be true: in a union that exists that day."""
        values = merged_values({"union": union, "joined_on": joined_on}, None)
        if problem := first_date_error(Membership, values):
            error(key, problem)
        else:
            self.check_closing(Membership, None, values, lambda _, message: error(key, message))

    def _employer(self, name: str, key: str, error: ErrorFn) -> Employer | None:
        found = self.employers.get(name, [])
        if len(found) != 1:
            error(
                key,
                f"单位台帐中{'有多个' if found else '没有'}名为“{name}”的单位，请先核对单位台帐",
            )
            return None
        return found[0]

    def _conflict(self, member: Member, union: Union, kind: str, detail: str) -> None:
        self.found_conflicts.append(MemberConflict(
            member=member, union=union, kind=kind, typed_name=member.name, detail=detail,
            source=self.filename, found_on=self.today, found_by=self.user,
        ))  # fmt: skip

    def write(self, new, changed, fields, reason):
        """The members, then their memberships, each change in its history: a new one for new
        members (from their 入会日期) and re-admitted ones (from the day they rejoined); for
        members moved inside the scope the old one ends as 转出 today and a new one starts;
        a corrected 入会日期 moves the first membership's start."""
        super().write(new, changed, fields, reason)  # new: member rows, now with their "id"
        moved = [m.pk for m in changed if m.pk in self.moved]
        touched: set[int] = set()  # unions whose roster changed (年度更新 reads the day)
        ending = Q(member__in=moved, left_on__isnull=True)
        changing = list(Membership.objects.filter(ending | Q(pk__in=list(self.first_moves))))
        for stay in changing:  # one object per row, so its history shows both changes
            touched.add(stay.union_id)
            if stay.pk in self.first_moves:
                stay.joined_on = self.first_moves[stay.pk]
            if stay.member_id in self.moved and stay.left_on is None:
                stay.status, stay.left_on = MembershipStatus.TRANSFERRED_OUT, self.today
                stay.reason = "导入花名册时转至新工会"
        if changing:
            bulk_update_with_history(
                changing, Membership, ["joined_on", "status", "left_on", "reason"],
                batch_size=WRITE_BATCH, default_user=self.user, default_change_reason=reason,
            )  # fmt: skip
        if FACT_FIELDS.intersection(fields):  # 户籍类型, 用工形式, 入会日期 onto the memberships
            Membership.refresh_facts(m.pk for m in changed)
        restarts = [
            Membership.row_of({"id": m.pk, **m.fact_sources()},
                              self.rejoined.get(m.pk, self.today),
                              union_id=m.union_id, reason=reason)
            for m in changed if m.pk in self.moved or m.pk in self.rejoined
        ]  # fmt: skip
        insert_with_history(Membership, restarts, key="member_id", user=self.user, reason=reason)
        # New members' memberships a batch at a time, never all of them held at once.
        for start in range(0, len(new), MEMBERSHIP_BATCH):
            starts = [Membership.row_of(m, m["joined_on"], union_id=m["union_id"])
                      for m in new[start : start + MEMBERSHIP_BATCH]]  # fmt: skip
            insert_with_history(Membership, starts, key="member_id", user=self.user, reason=reason)
        note_roster_changes(
            touched | {m["union_id"] for m in new} | {r["union_id"] for r in restarts}
        )
        # Only new and re-admitted members change the rolls: a name that differs is a conflict,
        # and the birth date comes with the ID number, the key.
        rejoined = [m for m in changed if m.pk in self.rejoined]
        refresh_namesakes([(m["name"], m["birth_date"]) for m in new]
                          + [(m.name, m.birth_date) for m in rejoined])  # fmt: skip
        MemberConflict.objects.bulk_create(self.found_conflicts, ignore_conflicts=True)
