"""逻辑检查, the validation of a statistics table: the checks it must pass before it can be
submitted, each naming the cells it involves. Checked on every row and on the total."""

from __future__ import annotations

from dataclasses import dataclass

from .layout import column_label
from .statistics import StatisticsTable, TableRow

# (part keys summed, whole key, relation): "le" part ≤ whole, "eq" parts add up to the whole.
RULES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("non_public",), "employers", "le"),
    (("new_social",), "employers", "le"),
    (("unionized",), "employers", "le"),
    (("own", "covered"), "unionized", "eq"),
    (("joint",), "unions", "le"),
    (("women_employees",), "employees", "le"),
    (("migrant_workers",), "employees", "le"),
    (("unionized_employees",), "employees", "le"),
    (("women_members",), "members", "le"),
    (("migrant_members",), "members", "le"),
    (("dispatched_members",), "members", "le"),
    (("joint_members",), "members", "le"),
    (("members",), "unionized_employees", "le"),
    (("new_unions",), "unions", "le"),
    (("new_covered",), "covered", "le"),
    (("new_members",), "members", "le"),
    (("new_migrant_members",), "new_members", "le"),
    (("new_migrant_members",), "migrant_members", "le"),
    (("fund_own", "fund_covered", "fund_closed", "fund_open"), "fund_at_start", "eq"),
    (("women_committees",), "unions", "le"),
    (("funds_audit_committees",), "unions", "le"),
)


label = column_label


@dataclass(frozen=True)
class Finding:
    row: str
    message: str
    cells: tuple[str, ...]  # "单位名称 · 栏目"


def check(table: StatisticsTable) -> list[Finding]:
    findings: list[Finding] = []
    for row in [*table.rows, table.total]:
        findings += check_row(row)
        for key, (_, reason) in row.corrections.items():
            if not reason.strip():
                findings.append(
                    Finding(row.label, f"“{label(key)}”已更正但未填写更正理由", (cell(row, key),))
                )
    return findings


def cell(row: TableRow, key: str) -> str:
    return f"{row.label} · {label(key)}"


def check_row(row: TableRow) -> list[Finding]:
    findings = []
    for parts, whole, relation in RULES:
        if any(k not in row.values for k in (*parts, whole)):
            continue  # a figure no app records yet
        total, limit = sum(row.values[k] for k in parts), row.values[whole]
        shown = " + ".join(f"{label(k)}（{row.values[k]:,}）" for k in parts)
        if relation == "le" and total > limit:
            message = f"{shown} 大于 {label(whole)}（{limit:,}）"
        elif relation == "eq" and total != limit:
            message = f"{shown} 合计 {total:,}，不等于 {label(whole)}（{limit:,}）"
        else:
            continue
        findings.append(Finding(row.label, message, tuple(cell(row, k) for k in (*parts, whole))))
    return findings


# This year's totals against last year's approved table plus this year's additions: a total
# cannot grow by more than what was added in the year. Notices, not blockers: a union or member
# transferred in from another county grows a total without being new.
RECONCILE = (
    ("unions", "new_unions"),
    ("covered", "new_covered"),
    ("members", "new_members"),
)


def reconcile(total: TableRow, last_total: TableRow, last_year: int) -> list[Finding]:
    notices = []
    for whole, added in RECONCILE:
        if whole not in total.values or whole not in last_total.values:
            continue
        now, before, new = total.values[whole], last_total.values[whole], total.values[added]
        if now > before + new:
            notices.append(
                Finding(
                    total.label,
                    f"{label(whole)}（{now:,}）多于 {last_year}年审核数（{before:,}）+ "
                    f"{label(added)}（{new:,}）：请核对是否有转入或台帐补录",
                    (cell(total, whole), cell(total, added)),
                )
            )
    return notices
