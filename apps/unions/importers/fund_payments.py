"""The 筹备金缴纳 sheet (the tax office's list): payments by payer and year."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_create_with_history

from apps.core.exchange.columns import (
    Column,
    parse_decimal,
    parse_int,
    parse_uscc,
    text_max,
)
from apps.core.exchange.engine import WRITE_BATCH, LedgerImporter
from apps.core.validators import validate_ledger_year

from ..models import (
    Employer,
    FundPayment,
    Nature,
)


class FundPaymentImporter(LedgerImporter):
    """The tax-collection system's list of preparation-fund payers (建会筹备金).

    Rows are matched on the payer's USCC and the year; an unknown payer becomes a new employer
    in the importer's own ledger, marked as coming from the tax list for the county to verify.
    Several payments of one payer in one year are added up (the list has a row per payment).
    """

    name = "fund-payments"
    model = FundPayment
    key = ("uscc", "year")
    columns = [
        Column(
            "uscc",
            "统一社会信用代码",
            ("纳税人识别号", "社会信用代码", "信用代码"),
            parse=parse_uscc,
            required=True,
            example="91421002MA4F0XXX1X",
            export=lambda p: p.employer.uscc,
        ),
        Column(
            "name",
            "单位名称",
            ("纳税人名称", "缴费单位名称", "缴款单位"),
            parse=text_max(200),
            required=True,
            example="荆州市示例科技有限公司",
            export=lambda p: p.employer.name,
        ),
        Column(
            "year",
            "缴纳年度",
            ("年度", "所属年度", "税款所属期"),
            parse=parse_int,
            required=True,
            example=2026,
        ),
        Column(
            "amount",
            "金额（元）",
            ("金额", "缴纳金额", "实缴金额", "实缴金额（元）"),
            parse=parse_decimal,
            required=True,
            example="1200.00",
        ),
    ]

    def natural_key(self, record, error):
        if None in (record.get("uscc"), record.get("year"), record.get("amount")):
            return None  # the engine has listed the empty or unreadable cell
        try:
            validate_ledger_year(record["year"])
        except ValidationError as exc:
            error("year", exc.messages[0])
            return None
        return record["uscc"], record["year"]

    def merge(self, kept, record):
        kept["amount"] += record["amount"]  # one payer's payments of a year add up
        return True

    def find_existing(self, keys):
        usccs = sorted({uscc for uscc, _ in keys})
        self.employers = {e.uscc: e for e in Employer.objects.filter(uscc__in=usccs)}
        self.in_scope = set(
            Employer.objects.visible_to(self.user, "change")
            .filter(uscc__in=usccs)
            .values_list("uscc", flat=True)
        )
        self.owner = getattr(self.user, "union", None)
        self.payers: dict[str, Employer] = {}  # new employers, by USCC
        payments = FundPayment.objects.filter(employer__uscc__in=usccs).select_related("employer")
        return {(p.employer.uscc, p.year): p for p in payments}

    def keys_in_scope(self, existing):
        return set(existing)  # the scope is the payer's, checked by to_fields

    def check_row(self, fields, obj, error):
        pass  # a year's total has no dates to check

    def to_fields(self, record, error):
        uscc = record["uscc"]
        employer = self.employers.get(uscc)
        if employer is not None and uscc not in self.in_scope:
            error("uscc", "该单位属于其他工会组织，不在您的管辖范围内")
            return {}
        if employer is None:
            if self.owner is None:
                error("uscc", "新单位需要归属到您的工会组织，您的账号未设置")
                return {}
            employer = self.payers.get(uscc) or Employer(
                uscc=uscc,
                name=record["name"],
                owner=self.owner,
                nature=Nature.PRIVATE,
                source=Employer.Source.TAX_LIST,
            )
            self.payers[uscc] = employer
        return {"employer": employer, "year": record["year"], "amount": record["amount"]}

    def planned(self, result):
        self.new_employers = list(self.payers.values())
        if self.new_employers:
            result.notes.append(
                f"名单中有{len(self.new_employers)}个单位不在台帐中，将作为新单位登记到"
                f"“{self.owner}”，来源标记为“筹备金缴纳名单（待核实）”，请逐一核实单位性质和所属组织。"
            )

    def write(self, new, changed, fields, reason) -> None:
        if self.new_employers:
            bulk_create_with_history(
                self.new_employers,
                Employer,
                batch_size=WRITE_BATCH,
                default_user=self.user,
                default_change_reason=reason,
            )
            by_uscc = {
                e.uscc: e
                for e in Employer.objects.filter(uscc__in=[e.uscc for e in self.new_employers])
            }
            for payment in new:
                if payment.employer.pk is None:
                    payment.employer = by_uscc[payment.employer.uscc]
        super().write(new, changed, fields, reason)
