"""The chair agreement pilots as an Excel export (export only)."""

from __future__ import annotations

from apps.core.exchange.columns import Column

from ..models import ChairAgreement


def _date(attr: str):
    return lambda a: f"{value:%Y-%m-%d}" if (value := getattr(a, attr)) else ""


class ChairAgreementExport:
    """The pilots' list as an Excel export. Export only: the signed agreement is a file that
    cannot come from a spreadsheet, so pilots are entered in the browser."""

    model = ChairAgreement
    columns = [
        Column("union", "试点工会", export=lambda a: str(a.union)),
        Column("kind", "试点类别", export=lambda a: a.get_kind_display()),
        Column("upper_party", "甲方（上级工会）", export=lambda a: a.upper_party),
        Column("employer_party", "乙方（企业或区域、行业方）", export=lambda a: a.employer_party),
        Column("chair_name", "工会主席", export=lambda a: a.chair_name),
        Column("signed_on", "签订日期", export=_date("signed_on")),
        Column("term_start", "协议期限起", export=_date("term_start")),
        Column("term_end", "协议期限止", export=_date("term_end")),
        Column("status", "状态", export=lambda a: a.get_status_display()),
        Column("file", "协议文本", export=lambda a: "已上传" if a.file else "未上传"),
        Column("note", "备注", export=lambda a: a.note),
    ]

    def __init__(self, user) -> None:
        self.user = user

    def export_row(self, obj: ChairAgreement) -> list:
        return [column.export(obj) for column in self.columns]
