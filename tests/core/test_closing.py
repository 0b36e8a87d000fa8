"""关账: once the city approves a county's annual table, no write path changes that year's
figures — every dated ledger is walked (save, a copy, delete; the model form, bulk edit,
delete pages, imports, the transfer service), and the year's figures are recounted after the
refused attempts; the city reopens the table (recorded) and the same write goes through."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from apps.core import closing
from apps.core.lifecycle import (
    date_errors,
    dated_models,
    instance_values,
    refuse_deleting_a_closed_period,
)
from apps.members.importers import MemberImporter
from apps.members.models import RosterConfirmation
from apps.members.services import accept_transfer
from apps.reports.models import AnnualReport, ReportEvent
from apps.reports.services import open_report, reopen
from apps.stats.figures import Scope, compute
from tests.core.test_scoping_every_url import b_object
from tests.unions.factories import EmployerFactory, member
from tests.unions.files import xlsx

TODAY = timezone.localdate()
CLOSING = [m for m in dated_models() if m.closes_with_annual_reports]
LOCKED = "已审核的“荆州区总工会 2026年统计表”"


def approve_b(world):
    """County B's table for this year, approved: its ledgers are closed through today."""
    report = open_report(world.b.county, TODAY.year, world.clerk_b, TODAY)
    report.status = AnnualReport.Status.APPROVED
    report.save()
    return report


@pytest.fixture
def approved_b(world):
    return approve_b(world)


def row_of_b(world, model):
    """County B's stored row of a ledger (conftest's, or the scoping walk's)."""
    if model is RosterConfirmation:  # the scoping walk's URLs take the union for these
        return RosterConfirmation.objects.create(
            union=world.b.union,
            year=TODAY.year,
            confirmed_on=TODAY,
            confirmed_by=world.clerk_b,
            members=1,
        )
    return b_object(world, f"{model._meta.app_label}:{model._meta.model_name}_detail")


def figures_of(county, user):
    table = compute(Scope(county, TODAY, TODAY.year, user))
    return [(row.key, row.values) for row in [*table.rows, table.total]]


def moved_date(row):
    """(field, value): one of the row's dates moved by a day (a year by one), inside every
    date rule, so only the closed period can refuse it."""
    model = type(row)
    for name in closing._dated_fields(model)[0]:
        value = getattr(row, name)
        if value is None:
            continue
        step = 1 if isinstance(value, int) else datetime.timedelta(days=1)
        for candidate in (value - step, value + step):
            setattr(row, name, candidate)
            if not date_errors(model, instance_values(row)):
                setattr(row, name, value)
                return name, candidate
        setattr(row, name, value)
    raise AssertionError(f"{model.__name__}: no date of the row can move a day")


def test_every_ledger_of_the_statistics_closes_with_the_year():
    names = {m._meta.model_name for m in CLOSING}
    assert {"union", "employer", "coverage", "membership", "transfer", "position"} <= names
    assert not {"targetletter", "acceptancerecord"} & names  # the assessment freezes those


@pytest.mark.parametrize("model", CLOSING, ids=lambda m: m.__name__)
def test_a_dated_row_of_an_approved_year_cannot_move_be_copied_or_deleted(world, model):
    row = row_of_b(world, model)
    approved_b = approve_b(world)
    before = figures_of(world.b.county, world.admin)
    name, value = moved_date(row)
    setattr(row, name, value)
    with pytest.raises(ValidationError, match=LOCKED):
        row.full_clean(validate_unique=False)  # forms, the admin and bulk edit
    with pytest.raises(ValidationError, match=LOCKED):
        row.save()  # services, commands
    row.refresh_from_db()
    stored = model.objects.get(pk=row.pk)
    copy = model.objects.get(pk=row.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    with pytest.raises(ValidationError, match=LOCKED):
        copy.save()
    for delete in (row.delete, model.objects.filter(pk=row.pk).delete):  # the admin's action
        try:
            with transaction.atomic():
                delete()
        except ProtectedError:  # rows referring to it refuse first; the check stands behind
            with pytest.raises(ValidationError, match=LOCKED):
                refuse_deleting_a_closed_period(model, row)
        except ValidationError as refused:
            assert LOCKED in str(refused)
        else:
            raise AssertionError("deleted")
    assert model.objects.get(pk=row.pk).__dict__.keys() == stored.__dict__.keys()
    assert figures_of(world.b.county, world.admin) == before
    # The city reopens the table (recorded); the same change goes through.
    reopen(approved_b, world.admin, "补录花名册")
    assert approved_b.events.last().action == ReportEvent.Action.REOPEN
    setattr(row, name, value)
    row.save()


def test_the_other_county_and_later_days_stay_open(world, approved_b):
    membership = world.a.member.memberships.get()
    membership.joined_on -= datetime.timedelta(days=1)
    membership.save()  # county A has no approved table
    closed_on = TODAY - datetime.timedelta(days=30)
    AnnualReport.objects.filter(pk=approved_b.pk).update(as_of=closed_on)
    with pytest.raises(ValidationError, match=LOCKED):  # the closing day is in the table
        member(world.b.union, seq=92, name="新会员", joined_on=closed_on)
    joined = closed_on + datetime.timedelta(days=1)
    newcomer = member(world.b.union, seq=93, name="后入会员", joined_on=joined)
    assert newcomer.memberships.get().joined_on == joined  # after it: open


def test_the_pages_refuse_with_the_report_named_and_keep_what_was_typed(client, world):
    employer = EmployerFactory(owner=world.b.township, started_on=TODAY.replace(month=1, day=1))
    approve_b(world)
    client.force_login(world.clerk_b)
    coverage = world.b.coverage
    data = {
        "union": coverage.union_id,
        "employer": coverage.employer_id,
        "start_on": (coverage.start_on - datetime.timedelta(days=1)).isoformat(),
    }
    page = client.post(f"/unions/coverages/{coverage.pk}/edit/", data).content.decode()
    assert LOCKED in page and data["start_on"] in page
    coverage.refresh_from_db()
    assert coverage.start_on == world.b.coverage.start_on
    response = client.post(f"/unions/coverages/{coverage.pk}/delete/", follow=True)
    assert (
        LOCKED in response.content.decode()
        and coverage.__class__.objects.filter(pk=coverage.pk).exists()
    )
    response = client.post(
        "/unions/employers/bulk-delete/", {"pk": [employer.pk], "_confirm": "1"}, follow=True
    )
    assert "未删除任何记录" in response.content.decode() and LOCKED in response.content.decode()
    assert employer.__class__.objects.filter(pk=employer.pk).exists()


def test_a_roster_import_into_the_approved_year_is_refused_at_its_row(world, approved_b):
    from apps.core.validators import make_id_number

    file = xlsx(
        [
            ["姓名", "身份证号", "所在工会", "入会日期"],
            ["补录会员", make_id_number(91, region="421003"), world.b.union.name, "2024-05-01"],
        ]
    )
    result = MemberImporter(world.clerk_b).run(file, file.name, commit=True)
    assert not result.committed
    assert [(e.row, e.column) for e in result.errors] == [(2, "入会日期")]
    assert LOCKED in result.errors[0].message


def test_a_transfer_decided_in_the_closed_period_is_refused(world, approved_b):
    before = figures_of(world.b.county, world.admin)
    with pytest.raises(ValidationError, match=LOCKED):
        accept_transfer(world.b_transfer, on=TODAY, actor=world.admin)
    assert figures_of(world.b.county, world.admin) == before


def test_the_city_reopens_an_approved_table_with_a_reason(client, world, approved_b):
    client.force_login(world.clerk_b)
    page = client.get(f"/reports/annual/{approved_b.pk}/").content.decode()
    assert "台帐已锁定" in page and "重新打开报表" not in page
    assert (
        client.post(f"/reports/annual/{approved_b.pk}/reopen/", {"comment": "x"}).status_code == 403
    )
    client.force_login(world.admin)
    response = client.post(f"/reports/annual/{approved_b.pk}/reopen/", {"comment": " "})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    client.post(f"/reports/annual/{approved_b.pk}/reopen/", {"comment": "补录2024年花名册"})
    approved_b.refresh_from_db()
    assert approved_b.status == AnnualReport.Status.RETURNED
    event = approved_b.events.last()
    assert (event.action, event.comment, event.user) == ("reopen", "补录2024年花名册", world.admin)
