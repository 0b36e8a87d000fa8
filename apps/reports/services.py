"""The annual submission's steps. Each checks the state it starts from, changes the report
and records the step (ReportEvent); views only call these."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.accounts.roles import CITY_ADMIN, REVIEWER
from apps.core.closing import ClosedPeriod
from apps.unions import parameters
from apps.unions.models import Union

from . import validation
from .layout import count_keys
from .models import AnnualReport, Correction, ReportEvent
from .statistics import StatisticsTable, TableRow, default_as_of, from_ledgers

REPORTING_LEVELS = (Union.Level.COUNTY, Union.Level.INDUSTRY)
DEADLINE = parameters.register(
    "reports.deadline_days",
    "年度统计表上报期限（年度结束后天数）",
    default=31,
    unit="天",
    help_text="各县市区及产业工会应在统计年度结束后多少天内上报统计表，逾期未上报的显示为逾期。",
)
Status = AnnualReport.Status


def deadline(year: int) -> datetime.date:
    days = int(parameters.value(DEADLINE, year))
    return datetime.date(year, 12, 31) + datetime.timedelta(days=days)


def snapshot(table: StatisticsTable) -> dict:
    return {"rows": [{"key": r.key, "label": r.label, "values": r.values} for r in table.rows]}


def table_of(report: AnnualReport, corrections=None) -> StatisticsTable:
    """The report's figures: the ledger snapshot with its corrections applied."""
    if corrections is None:
        corrections = list(report.corrections.all())
    by_cell = {(c.row_key, c.key): c for c in corrections}
    rows = []
    for r in report.ledger.get("rows", []):
        row = TableRow(r["key"], r["label"], dict(r["values"]))
        for key in list(row.values):
            c = by_cell.get((row.key, key))
            if c is not None:
                row.values[key] = c.value
                row.corrections[key] = (c.ledger_value, c.reason)
        rows.append(row)
    return StatisticsTable(
        report.union, report.as_of, report.year, rows, status=report.get_status_display()
    )


def reconcile_notices(report: AnnualReport, table: StatisticsTable) -> list[validation.Finding]:
    """This year's totals against the organization's approved table of last year, if any."""
    last = AnnualReport.objects.filter(
        union=report.union_id, year=report.year - 1, status=Status.APPROVED
    ).first()
    if last is None:
        return []
    return validation.reconcile(table.total, table_of(last).total, last.year)


NOT_APPROVED = "（未审核，台帐数）"


def year_table(root: Union, year: int, user, today: datetime.date) -> StatisticsTable:
    """The year's table of an organization as reported: its own approved table if it has one;
    else its rows from the ledgers, each row whose organization has an approved table taking
    that table's total (the city's summary of its counties), the others marked."""
    approved = AnnualReport.objects.visible_to(user).filter(year=year, status=Status.APPROVED)
    own = approved.filter(union=root).first()
    if own is not None:
        return table_of(own)
    table = from_ledgers(root, default_as_of(year, today), year, user)
    children = {
        str(r.union_id): r
        for r in approved.filter(union__parent=root).prefetch_related("corrections")
    }
    for row in table.rows:
        report = children.get(row.key)
        if report is None:
            row.label += NOT_APPROVED
            continue
        reported = table_of(report, list(report.corrections.all())).total.values
        row.values = {key: reported.get(key, 0) for key in row.values}
    table.status = f"已审核 {len(children)} 个单位，其余为台帐数"
    return table


def may_open(user, union: Union) -> bool:
    return (
        user.has_perm("reports.add_annualreport")
        and getattr(user, "union_id", None) == union.pk
        and union.level in REPORTING_LEVELS
    )


def may_edit(user, report: AnnualReport) -> bool:
    """The reporting organization's own clerks and reviewers, while the table is open."""
    return (
        report.editable
        and user.has_perm("reports.change_annualreport")
        and getattr(user, "union_id", None) == report.union_id
    )


def may_review(user, report: AnnualReport) -> bool:
    """The city's reviewers and admins (any union above the report's) review what was sent."""
    return report.status == Status.SUBMITTED and may_review_as(user, report)


def may_review_as(user, report: AnnualReport) -> bool:
    union = getattr(user, "union", None)
    is_reviewer = user.is_superuser or user.groups.filter(name__in=(REVIEWER, CITY_ADMIN)).exists()
    above = union is None or (
        report.union.path.startswith(union.path) and union.pk != report.union_id
    )
    return is_reviewer and above and user.has_perm("reports.change_annualreport")


def approved_periods() -> list[ClosedPeriod]:
    """Each reporting organization's ledgers are closed through its latest approved table."""
    periods: dict[str, ClosedPeriod] = {}
    approved = AnnualReport.objects.filter(status=Status.APPROVED).order_by("as_of")
    for path, name, year, as_of in approved.values_list(
        "union__path", "union__name", "year", "as_of"
    ):
        periods[path] = ClosedPeriod(path, as_of, f"{name} {year}年统计表")
    return list(periods.values())


def may_reopen(user, report: AnnualReport) -> bool:
    """The city's reviewers and admins reopen an approved table (to let a correction in)."""
    return report.status == Status.APPROVED and may_review_as(user, report)


def record(report: AnnualReport, action: str, user, comment: str = "") -> None:
    ReportEvent.objects.create(report=report, action=action, user=user, comment=comment)


@transaction.atomic
def open_report(union: Union, year: int, user, today: datetime.date) -> AnnualReport:
    """The organization's table for the year, prefilled from the ledgers (opened once)."""
    if not may_open(user, union):
        raise PermissionDenied
    report = AnnualReport.objects.filter(union=union, year=year).first()
    if report is not None:
        return report
    as_of = default_as_of(year, today)
    table = from_ledgers(union, as_of, year, user)
    report = AnnualReport.objects.create(
        union=union, year=year, as_of=as_of, ledger=snapshot(table)
    )
    record(report, ReportEvent.Action.OPEN, user, f"按 {as_of:%Y-%m-%d} 的台帐生成")
    return report


@transaction.atomic
def refresh(report: AnnualReport, user, today: datetime.date) -> None:
    """Take the ledgers' figures again (a draft or returned table); corrections stay, their
    ledger value follows the ledgers, and a correction whose row is gone is dropped."""
    if not may_edit(user, report):
        raise PermissionDenied
    report.as_of = default_as_of(report.year, today)
    table = from_ledgers(report.union, report.as_of, report.year, user)
    report.ledger = snapshot(table)
    report.save(update_fields=["as_of", "ledger"])
    rows = {r.key: r for r in table.rows}
    for c in report.corrections.all():
        if c.row_key not in rows:
            c.delete()
            continue
        c.ledger_value = rows[c.row_key].values.get(c.key, 0)
        if c.ledger_value == c.value:
            c.delete()
        else:
            c.save(update_fields=["ledger_value"])
    record(report, ReportEvent.Action.REFRESH, user, f"按 {report.as_of:%Y-%m-%d} 的台帐重新取数")


@transaction.atomic
def correct(report: AnnualReport, row_key: str, key: str, value: int, reason: str, user) -> None:
    """Correct one cell. A reason is required; the value of the ledger withdraws the
    correction."""
    if not may_edit(user, report):
        raise PermissionDenied
    rows = {r["key"]: r for r in report.ledger.get("rows", [])}
    errors = {}
    if row_key not in rows:
        errors["row_key"] = "请选择本表中的单位。"
    if key not in count_keys():
        errors["key"] = "请选择可更正的栏目。"
    if value is None or value < 0:
        errors["value"] = "请填写不小于 0 的整数。"
    if errors:
        raise ValidationError(errors)
    row = rows[row_key]
    ledger_value = int(row["values"].get(key, 0))
    column = validation.label(key)
    if value == ledger_value:
        deleted, _ = report.corrections.filter(row_key=row_key, key=key).delete()
        if deleted:
            record(
                report,
                ReportEvent.Action.CORRECT,
                user,
                f"{row['label']} · {column}：恢复为台帐数 {ledger_value:,}",
            )
        return
    if not (reason or "").strip():
        raise ValidationError({"reason": "更正数据必须填写更正理由。"})
    Correction.objects.update_or_create(
        report=report,
        row_key=row_key,
        key=key,
        defaults={
            "row_label": row["label"],
            "ledger_value": ledger_value,
            "value": value,
            "reason": reason.strip(),
            "corrected_by": user,
        },
    )
    record(
        report,
        ReportEvent.Action.CORRECT,
        user,
        f"{row['label']} · {column}：台帐数 {ledger_value:,}，更正为 {value:,}"
        f"（差额 {value - ledger_value:+,}）。理由：{reason.strip()}",
    )


@transaction.atomic
def submit(report: AnnualReport, user) -> None:
    if not may_edit(user, report):
        raise PermissionDenied
    findings = validation.check(table_of(report))
    if findings:
        raise ValidationError([f"{f.row}：{f.message}" for f in findings])
    report.status = Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at"])
    record(report, ReportEvent.Action.SUBMIT, user)


@transaction.atomic
def review(report: AnnualReport, user, approve: bool, comment: str) -> None:
    """Approve (the table is frozen from then on) or return with a comment."""
    if not may_review(user, report):
        raise PermissionDenied
    if not approve and not (comment or "").strip():
        raise ValidationError({"comment": "退回时必须填写退回意见。"})
    report.status = Status.APPROVED if approve else Status.RETURNED
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "reviewed_at"])
    action = ReportEvent.Action.APPROVE if approve else ReportEvent.Action.RETURN
    record(report, action, user, (comment or "").strip())


@transaction.atomic
def reopen(report: AnnualReport, user, reason: str) -> None:
    """Reopen an approved table: its ledgers' closed period opens (the county may correct
    them, refresh and submit again) and the step is recorded with why."""
    if not may_reopen(user, report):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"comment": "重新打开已审核的报表必须填写理由。"})
    report.status = Status.RETURNED
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "reviewed_at"])
    record(report, ReportEvent.Action.REOPEN, user, reason.strip())
