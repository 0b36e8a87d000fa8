"""做实: what enters the ledgers is dated inside the life of what it belongs to. Anomalies are
planted through forms, services, importers and bulk edit and must be refused; rows stored
before the rules existed are listed as 数据问题, in scope, and by the command."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from apps.cadres.models import Position
from apps.core.lifecycle import NotBefore, dated_models
from apps.core.problems import broken_rules, subtree_rows
from apps.core.validators import make_id_number
from apps.members.models import Member, Membership
from apps.members.services import enroll, request_transfer
from apps.stats.figures import Scope, compute
from apps.unions.models import Coverage, Employer, FollowUp, Union
from tests.unions.factories import EmployerFactory, member

TODAY = timezone.localdate()
TOMORROW = TODAY + datetime.timedelta(days=1)


def test_every_rule_of_every_dated_model_runs_as_a_query(db):
    """Each rule is also a query condition (the 数据问题 scan): all of them compile and run."""
    models_with_rules = list(dated_models())
    assert {Membership, Coverage, Position, FollowUp, Union, Employer} <= set(models_with_rules)
    for broken in broken_rules(subtree_rows("")):
        assert broken.rows.count() == 0


def test_every_same_row_order_rule_is_a_database_constraint():
    """One row suffices for "a later day not before an earlier one": the database refuses
    it too, whatever path writes the row."""
    for model in dated_models():
        checks = [
            str(c.condition)
            for c in model._meta.constraints
            if isinstance(c, models.CheckConstraint)
        ]
        for rule in model.date_rules:
            if isinstance(rule, NotBefore):
                needle = f"'{rule.field}__gte', F({rule.earlier})"
                assert any(needle in check for check in checks), (model, rule)


def test_a_membership_before_its_union_was_founded_is_refused(world):
    union = world.a.union  # founded 2020-01-01
    person = Member(name="早入会", id_number=make_id_number(401))
    with pytest.raises(ValidationError, match="早于.*成立日期"):
        enroll(person, union, datetime.date(2019, 6, 1), actor=world.clerk_a)
    assert not Member.objects.filter(name="早入会").exists()


def test_a_transfer_into_a_dissolved_union_is_refused(world):
    world.a.joint.dissolved_on = datetime.date(2025, 1, 1)
    world.a.joint.save()
    with pytest.raises(ValidationError, match="不在.*存续期内"):
        request_transfer(world.a.member, world.a.joint, on=TODAY, actor=world.clerk_a)
    world.a.member.refresh_from_db()
    assert world.a.member.union == world.a.union


def test_a_coverage_from_before_the_joint_union_was_founded_is_refused_at_the_field(
    client_a, world
):
    employer = EmployerFactory(owner=world.a.township, name="新来的小店")
    url = reverse("unions:coverage_add")
    data = {"union": world.a.joint.pk, "employer": employer.pk, "start_on": "2018-03-01"}
    response = client_a.post(url, data)
    assert response.status_code == 200
    assert "早于“中山街道工会联合工会委员会”的成立日期（2019-01-01）" in response.content.decode()
    assert not Coverage.objects.filter(employer=employer).exists()
    assert 'value="2018-03-01"' in response.content.decode()  # what was typed is kept


def test_a_union_founded_tomorrow_is_refused(client_a, world):
    response = client_a.post(
        reverse("unions:union_edit", args=[world.a.union.pk]),
        {
            "name": world.a.union.name,
            "level": "grassroots",
            "parent": world.a.township.pk,
            "employer": world.a.employer.pk,
            "founded_on": TOMORROW.isoformat(),
        },
    )
    assert "不能晚于今天" in response.content.decode()
    world.a.union.refresh_from_db()
    assert world.a.union.founded_on == datetime.date(2020, 1, 1)


def test_a_follow_up_planned_before_itself_is_refused_by_form_and_database(client_a, world):
    response = client_a.post(
        reverse("unions:followup_add"),
        {
            "employer": world.a.unorganized.pk,
            "on": "2026-03-10",
            "action": "上门",
            "person": "王",
            "next_on": "2026-03-01",
        },
    )
    assert "下次跟进日期（2026-03-01）不能早于日期（2026-03-10）" in response.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.filter(pk=world.a.follow_up.pk).update(
            on=datetime.date(2026, 3, 10), next_on=datetime.date(2026, 3, 1)
        )


def test_bulk_edit_refuses_what_the_model_refuses_and_writes_nothing(client_a, world):
    """Moving unions under a township founded after them: the date rule of the model, which
    its form runs too, refuses the whole bulk edit."""
    young = Union.objects.create(
        name="新设街道工会",
        level="township",
        parent=world.a.county,
        founded_on=datetime.date(2024, 1, 1),
    )
    chosen = [world.a.union, world.a.joint]  # founded 2020 and 2019
    response = client_a.post(
        reverse("unions:union_bulk_edit"),
        {
            "pk": [u.pk for u in chosen],
            "_apply": "1",
            "parent": young.pk,
            **dict.fromkeys(Union.STANDARDIZATION_FIELDS, "unknown"),
        },
    )
    page = response.content.decode()
    assert "2条记录改后不符合要求，未修改任何记录" in page
    assert "早于“新设街道工会”的成立日期（2024-01-01）" in page
    assert {u.parent_id for u in Union.objects.filter(pk__in=[u.pk for u in chosen])} == {
        world.a.township.pk
    }


def roster(*rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "所在工会", "入会日期"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_a_roster_row_joining_before_the_union_existed_is_an_error_at_its_row(world):
    from apps.members.importers import MemberImporter

    result = MemberImporter(world.clerk_a).run(
        roster(["新人", make_id_number(402), world.a.union.name, "2019-12-31"]),
        "花名册.xlsx",
        commit=True,
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "入会日期")]
    assert "成立日期（2020-01-01）" in result.errors[0].message
    assert not result.committed and not Member.objects.filter(name="新人").exists()


def test_an_employer_import_with_a_start_in_the_future_is_refused(world):
    from apps.core.validators import make_uscc
    from apps.unions.importers import EmployerImporter

    book = Workbook()
    book.active.append(["统一社会信用代码", "单位名称", "所属工会组织", "单位性质", "成立日期"])
    book.active.append(
        [make_uscc(77, prefix="91421002"), "明日公司", "中山街道工会", "私营", TOMORROW.isoformat()]
    )
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    result = EmployerImporter(world.clerk_a).run(out, "单位.xlsx", commit=True)
    assert [e.column for e in result.errors] == ["成立（登记）日期"]
    assert not Employer.objects.filter(name="明日公司").exists()


def test_past_figures_count_only_employers_that_existed_then(world):
    EmployerFactory(owner=world.a.township, name="今年新登记", started_on=datetime.date(2026, 6, 1))

    def employers(on):
        return compute(Scope(world.a.county, on, 2026), only=["employers"]).total["employers"]

    assert employers(datetime.date(2026, 6, 1)) == employers(datetime.date(2026, 5, 31)) + 1


def plant_stored_anomaly(world) -> Membership:
    """A membership stored before the rules, dated before its union was founded."""
    membership = world.a.member.memberships.get()
    Membership.objects.filter(pk=membership.pk).update(joined_on=datetime.date(2018, 1, 1))
    return membership


def test_stored_rows_breaking_a_rule_are_listed_in_scope(client, world):
    membership = plant_stored_anomaly(world)
    client.force_login(world.clerk_a)
    page = client.get(reverse("unions:data_problems")).content.decode()
    assert "入会日期（2018-01-01）早于" in page and str(membership.member) in page
    assert reverse("members:member_detail", args=[membership.member_id]) in page or "修改" in page
    client.force_login(world.clerk_b)
    other = client.get(reverse("unions:data_problems")).content.decode()
    assert "2018-01-01" not in other and "没有违反日期规则的记录" in other


def test_the_problems_export_and_command_say_the_same(client, world):
    plant_stored_anomaly(world)
    client.force_login(world.admin)
    response = client.get(reverse("unions:data_problems"), {"export": "1"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows == [("沙市区总工会", "会籍", str(world.a.member.memberships.get()), rows[0][3])]
    assert "2018-01-01" in rows[0][3]
    with pytest.raises(CommandError, match="共1条"):
        call_command("data_problems")


def test_members_of_a_union_whose_employer_closed_are_lost_whatever_their_own_employer(world):
    """流失会员: two members of a union whose employer closed, one with a blank 工作单位, one
    naming it: both are lost, and the standardization finding counts two."""
    from apps.campaigns import rules
    from apps.members.filtersets import lost_members

    union = world.a.union
    second = member(union, seq=55, name="无单位")  # 工作单位 left blank
    assert second.employer is None
    Employer.objects.filter(pk=world.a.employer.pk).update(closed_on=datetime.date(2026, 6, 1))
    lost = {row["pk"] for row in lost_members(TODAY)}
    assert {world.a.member.pk, second.pk} <= lost
    (result,) = rules.evaluate(Union.objects.filter(pk=union.pk), codes=["membership.lost"])
    assert [f.evidence for f in result.findings] == ["2名会员的工会已撤销或单位已注销，会籍未处理"]


def roster_of(world, *rows):
    from apps.members.importers import MemberImporter

    file = roster(*rows)
    return MemberImporter(world.clerk_a).run(file, "花名册.xlsx", commit=True)


def test_a_corrected_join_date_moves_the_first_membership_and_keeps_the_person_new(world):
    """The roster says she joined in 2026, not 2020: her membership moves with the date, so
    she counts among this year's 新发展会员, and the move is in the membership's history."""
    person = world.a.member  # joined 2020-05-01
    result = roster_of(world, [person.name, person.id_number, world.a.union.name, "2026-02-03"])
    assert result.errors == [] and result.updated == 1
    stay = person.memberships.get()
    assert (stay.joined_on, stay.first) == (datetime.date(2026, 2, 3), True)
    assert stay.history.first().history_change_reason == "Excel导入：花名册.xlsx"
    new = compute(Scope(world.a.county, TODAY, 2026), only=["new_members"]).total["new_members"]
    assert new == 1


def test_a_correction_after_the_first_membership_ended_is_refused(world):
    person = world.a.member
    request_transfer(person, world.a.joint, on=datetime.date(2023, 1, 1), actor=world.clerk_a)
    person.refresh_from_db()
    result = roster_of(world, [person.name, person.id_number, world.a.joint.name, "2024-01-01"])
    assert [e.column for e in result.errors] == ["入会日期"]
    assert "会籍结束日期（2023-01-01）" in result.errors[0].message


def test_readmission_starts_from_the_rosters_date_and_leaves_the_closed_stay(world):
    from apps.members.services import change_status

    person = world.a.member
    change_status(
        person, "withdrawn", on=datetime.date(2022, 6, 30), reason="离职", actor=world.clerk_a
    )
    result = roster_of(world, [person.name, person.id_number, world.a.union.name, "2025-03-01"])
    assert result.errors == []
    old, new = person.memberships.order_by("joined_on")
    assert (old.joined_on, old.left_on, old.first) == (
        datetime.date(2020, 5, 1),
        datetime.date(2022, 6, 30),
        True,
    )
    assert (new.joined_on, new.status, new.first) == (datetime.date(2025, 3, 1), "active", False)
    assert new.history.get().history_type == "+"  # imports record the memberships they create
    person.refresh_from_db()
    assert person.joined_on == datetime.date(2020, 5, 1)  # the first 入会日期 is kept
    early = roster_of(world, [person.name, person.id_number, world.a.union.name, "2022-01-01"])
    assert early.errors == [] or "上次会籍" in early.errors[0].message


def breaking_values(model, row):
    """(rule, field, value): for each date rule of the model, a value of its field that breaks
    it on this row, everything else of the row kept."""
    from apps.core.lifecycle import InLife, NotFuture, YearInLife

    for rule in model.date_rules:
        if isinstance(rule, YearInLife):
            yield rule, rule.field, TODAY.year + 1
        elif isinstance(rule, InLife):
            owner = rule._owner(lambda name: getattr(row, name, None))
            start = owner and getattr(owner, type(owner).lifespan.start)
            if start:
                yield rule, rule.field, start - datetime.timedelta(days=40 if rule.by_month else 1)
        elif isinstance(rule, NotFuture):  # next month: a month field keeps its first day
            yield rule, rule.field, TODAY + datetime.timedelta(days=40)
        elif isinstance(rule, NotBefore):
            earlier = getattr(row, rule.earlier)
            if earlier:
                yield rule, rule.field, earlier - datetime.timedelta(days=1)


@pytest.mark.parametrize("model", list(dated_models()), ids=lambda m: m.__name__)
def test_every_dated_model_refuses_a_date_outside_its_rule(world, model):
    """Every rule of every dated model, through the model's validation (forms, admin, bulk
    edit) and its save (services, commands): a ledger added later is walked too."""
    from tests.core.test_closing import row_of_b

    row = row_of_b(world, model)
    tried = 0
    for rule, field, value in breaking_values(model, row):
        fresh = model.objects.get(pk=row.pk)
        setattr(fresh, field, value)
        with pytest.raises(ValidationError) as refused:
            fresh.full_clean(validate_unique=False)
        assert field in refused.value.message_dict, (rule, refused.value.message_dict)
        with pytest.raises((ValidationError, IntegrityError)), transaction.atomic():
            fresh.save()
        tried += 1
    assert tried, f"{model.__name__}: no rule could be broken on its row"
    assert model.objects.get(pk=row.pk).pk == row.pk
