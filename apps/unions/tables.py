import django_tables2 as tables

from apps.core.tables import EditColumn, LedgerTable

from .models import Coverage, Employer, FollowUp, FundPayment, OrganizingStatus, Union

NAME_ATTRS = {"td": {"class": "col-name"}}


class UnionTable(LedgerTable):
    name = tables.Column(linkify=True, attrs=NAME_ATTRS)
    parent = tables.Column(linkify=True)
    employer = tables.Column(linkify=True)
    covered_count = tables.Column("涵盖单位数")

    default_columns = ("name", "level", "parent", "founded_on", "chair_name", "covered_count")

    class Meta(LedgerTable.Meta):
        model = Union
        fields = (
            "pk",
            "name",
            "level",
            "uscc",
            "parent",
            "employer",
            "founded_on",
            "dissolved_on",
            "chair_name",
            "phone",
            "covered_count",
        )
        sequence = fields


class EmployerTable(LedgerTable):
    name = tables.Column(linkify=True, attrs=NAME_ATTRS)
    owner = tables.Column(linkify=True)
    status = tables.Column("建会状态")

    default_columns = ("name", "uscc", "owner", "nature", "employees", "status")

    class Meta(LedgerTable.Meta):
        model = Employer
        fields = (
            "pk",
            "name",
            "uscc",
            "owner",
            "nature",
            "industry",
            "employees",
            "women",
            "migrant_workers",
            "dispatched_workers",
            "status",
            "source",
        )
        sequence = fields

    def render_status(self, value):
        return OrganizingStatus(value).label


class UnorganizedTable(EmployerTable):
    """未建会单位台帐: the employers still to be organized, with where the work stands."""

    last_paid_year = tables.Column(verbose_name="缴纳筹备金年度")
    last_follow_up = tables.DateColumn(verbose_name="最近跟踪")
    next_follow_up = tables.DateColumn(verbose_name="下次跟进")

    default_columns = (
        "name",
        "owner",
        "nature",
        "employees",
        "last_paid_year",
        "last_follow_up",
        "next_follow_up",
    )

    class Meta(EmployerTable.Meta):
        fields = (
            "pk",
            "name",
            "uscc",
            "owner",
            "nature",
            "industry",
            "employees",
            "last_paid_year",
            "last_follow_up",
            "next_follow_up",
        )
        sequence = fields
        exclude = ("status", "women", "migrant_workers", "dispatched_workers", "source")


class FundPaymentTable(LedgerTable):
    employer = tables.Column(linkify=True, attrs=NAME_ATTRS)
    edit = EditColumn("unions:fundpayment_edit")

    default_columns = ("employer", "employer__uscc", "employer__owner", "year", "amount", "edit")

    class Meta(LedgerTable.Meta):
        model = FundPayment
        fields = ("pk", "employer", "employer__uscc", "employer__owner", "year", "amount", "edit")
        sequence = fields


class FollowUpTable(tables.Table):
    edit = EditColumn("unions:followup_edit")

    class Meta(LedgerTable.Meta):
        model = FollowUp
        fields = ("on", "action", "person", "next_step", "next_on")


class CoverageTable(tables.Table):
    union = tables.Column(linkify=True)
    employer = tables.Column(linkify=True)
    edit = EditColumn("unions:coverage_edit")

    class Meta(LedgerTable.Meta):
        model = Coverage
        fields = ("union", "employer", "start_on", "end_on")
