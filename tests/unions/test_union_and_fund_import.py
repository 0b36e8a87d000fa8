"""Importing grassroots unions, and the tax system's list of preparation-fund payers."""

from decimal import Decimal

from apps.core.validators import make_uscc
from apps.unions.importers import FundPaymentImporter, UnionImporter
from apps.unions.models import Employer, FundPayment, Union

from .files import xlsx

UNION_HEADER = [
    "统一社会信用代码",
    "工会名称",
    "组建形式",
    "上级工会",
    "所在单位统一社会信用代码",
    "成立日期",
    "有工会牌子",
]


def test_grassroots_unions_are_placed_in_the_tree(world):
    code = make_uscc(7001, prefix="81421002")
    file = xlsx(
        [
            UNION_HEADER,
            [
                code,
                "新建工会委员会",
                "单独建会",
                "中山街道工会",
                world.a.unorganized.uscc,
                "2026年3月5日",
                "是",
            ],
        ]
    )
    result = UnionImporter(world.clerk_a).run(file, file.name, commit=True)
    assert result.errors == []
    union = Union.objects.get(uscc=code)
    assert union.parent == world.a.township
    assert union.path.startswith(world.a.township.path) and union.depth == 4
    assert union in Union.objects.visible_to(world.clerk_a)
    assert union not in Union.objects.visible_to(world.clerk_b)
    assert world.a.unorganized.organizing_status() == "own"
    again = UnionImporter(world.clerk_a).run(
        xlsx(
            [
                UNION_HEADER,
                [
                    code,
                    "新建工会委员会",
                    "单独建会",
                    "中山街道工会",
                    world.a.unorganized.uscc,
                    "2026-03-05",
                    "是",
                ],
            ]
        ),
        "again.xlsx",
        commit=True,
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_union_rows_with_wrong_prefix_or_foreign_employer_are_refused(world):
    file = xlsx(
        [
            UNION_HEADER,
            [
                make_uscc(7002, prefix="91421002"),
                "错代码工会",
                "单独建会",
                "中山街道工会",
                world.a.unorganized.uscc,
                "",
                "",
            ],
            [
                make_uscc(7003, prefix="81421002"),
                "别县单位工会",
                "单独建会",
                "中山街道工会",
                world.b.unorganized.uscc,
                "",
                "",
            ],
        ]
    )
    result = UnionImporter(world.clerk_a).run(file, file.name, commit=True)
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(2, "统一社会信用代码")] == "工会的统一社会信用代码应以81开头"
    assert "请先导入或录入单位" in messages[(3, "所在单位统一社会信用代码")]
    assert not Union.objects.filter(name__in=["错代码工会", "别县单位工会"]).exists()


FUND_HEADER = ["纳税人识别号", "纳税人名称", "税款所属期", "实缴金额"]


def test_tax_list_payments_match_on_uscc_and_add_up_per_year(world):
    employer = world.a.unorganized
    file = xlsx(
        [
            FUND_HEADER,
            [employer.uscc, employer.name, 2026, "600.00"],
            [employer.uscc, employer.name, 2026, 600],
        ]
    )
    result = FundPaymentImporter(world.clerk_a).run(file, file.name, commit=True)
    assert result.errors == []
    assert FundPayment.objects.get(employer=employer, year=2026).amount == Decimal("1200.00")
    again = FundPaymentImporter(world.clerk_a).run(
        xlsx(
            [
                FUND_HEADER,
                [employer.uscc, employer.name, 2026, "600.00"],
                [employer.uscc, employer.name, 2026, 600],
            ]
        ),
        "again.xlsx",
        commit=True,
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_unknown_payer_becomes_an_employer_to_verify(world):
    code = make_uscc(8001, prefix="91421002")
    file = xlsx([FUND_HEADER, [code, "荆州市新发现商贸有限公司", 2026, 2400]])
    preview = FundPaymentImporter(world.clerk_a).run(file, file.name, commit=False)
    assert "1个单位不在台帐中" in preview.notes[0]
    file.seek(0)
    FundPaymentImporter(world.clerk_a).run(file, file.name, commit=True)
    employer = Employer.objects.get(uscc=code)
    assert employer.source == Employer.Source.TAX_LIST
    assert employer.owner == world.a.county
    assert employer.fund_payments.get().amount == 2400


def test_payer_of_another_county_is_refused(world):
    file = xlsx([FUND_HEADER, [world.b.employer.uscc, world.b.employer.name, 2026, 600]])
    result = FundPaymentImporter(world.clerk_a).run(file, file.name, commit=True)
    assert "不在您的管辖范围内" in result.errors[0].message
    assert not world.b.employer.fund_payments.exists()
