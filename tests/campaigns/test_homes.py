"""职工之家 with re-inspections (复查), and 会员评家: rounds entered as totals or imported,
the outcome by the year's satisfaction threshold, honoured homes that are pilots."""

from apps.campaigns.importers import EvaluationRoundImporter
from apps.campaigns.models import EvaluationRound, HomeInspection, WorkersHome
from apps.unions.models import YearlyParameter
from tests.campaigns.factories import TODAY
from tests.unions.files import xlsx

HEADER = ["工会名称", "年度", "测评日期", "满意", "基本满意", "不满意"]


def test_a_home_is_honoured_and_loses_its_title_at_a_re_inspection(client_a, world):
    response = client_a.post(
        "/campaigns/homes/add/",
        {
            "union": world.a.union.pk,
            "level": "city",
            "year": 2023,
            "is_evaluation_pilot": "on",
        },
    )
    home = WorkersHome.objects.get()
    assert response.url == home.get_absolute_url()
    client_a.post(
        "/campaigns/inspections/add/",
        {"home": home.pk, "inspected_on": "2025-04-01", "result": "复查合格", "title_kept": "on"},
    )
    html = client_a.get(home.get_absolute_url()).content.decode()
    assert "复查合格" in html and '<span class="text-success">保留</span>' in html
    client_a.post(
        "/campaigns/inspections/add/",
        {"home": home.pk, "inspected_on": "2026-04-01", "result": "活动阵地挪作他用"},
    )
    assert HomeInspection.objects.count() == 2
    html = client_a.get(home.get_absolute_url()).content.decode()
    assert "2026-04-01 复查撤销" in html
    listed = client_a.get("/campaigns/homes/?withdrawn=1").content.decode()
    assert world.a.union.name in listed
    assert world.a.union.name not in client_a.get("/campaigns/homes/?withdrawn=0").content.decode()


def test_pilots_are_listed_with_their_evaluation(client_a, world):
    WorkersHome.objects.create(
        union=world.a.union, level="county", year=2024, is_evaluation_pilot=True
    )
    WorkersHome.objects.create(union=world.a.joint, level="small", year=2024)
    html = client_a.get("/campaigns/homes/?is_evaluation_pilot=on").content.decode()
    assert world.a.union.name in html and world.a.joint.name not in html


def test_evaluation_outcome_follows_the_years_threshold(client_a, world):
    client_a.post(
        "/campaigns/evaluations/add/",
        {
            "union": world.a.union.pk,
            "year": TODAY.year,
            "held_on": TODAY.isoformat(),
            "satisfied": 60,
            "basically_satisfied": 15,
            "dissatisfied": 25,
        },
    )
    evaluation = EvaluationRound.objects.get()
    assert evaluation.satisfaction == 75
    html = client_a.get(evaluation.get_absolute_url()).content.decode()
    assert "75.0%" in html and '<td class="evaluation-outcome">不满意</td>' in html
    YearlyParameter.objects.create(key="campaigns.satisfaction_min", year=TODAY.year, value=70)
    html = client_a.get(evaluation.get_absolute_url()).content.decode()
    assert '<td class="evaluation-outcome">满意</td>' in html and "合格线70%" in html


def test_an_evaluation_without_votes_is_refused_at_the_field(client_a, world):
    html = client_a.post(
        "/campaigns/evaluations/add/",
        {
            "union": world.a.union.pk,
            "year": TODAY.year,
            "held_on": f"{TODAY.year - 1}-06-01",
            "satisfied": 0,
            "basically_satisfied": 0,
            "dissatisfied": 0,
        },
    ).content.decode()
    assert "请填写各项票数（至少一票）" in html and f"测评日期应在{TODAY.year}年内" in html
    assert not EvaluationRound.objects.exists()


def test_votes_are_imported_and_reimporting_changes_nothing(world):
    rows = [
        HEADER,
        [world.a.union.name, "2026年", "2026-06-30", 120, 30, 5],
        [world.a.joint.name, 2026, "2026/6/28", 40, 2, 10],
        [world.a.union.name, 2025, "2025-06-30", 100, 20, 8],
    ]
    first = EvaluationRoundImporter(world.clerk_a).run(xlsx(rows), "评家.xlsx", commit=True)
    assert (first.errors, first.created) == ([], 3)
    again = EvaluationRoundImporter(world.clerk_a).run(xlsx(rows), "评家.xlsx", commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    rows[1][3] = 125
    third = EvaluationRoundImporter(world.clerk_a).run(xlsx(rows), "评家.xlsx", commit=True)
    assert third.updated == 1
    assert EvaluationRound.objects.get(union=world.a.union, year=2026).satisfied == 125


def test_a_bad_vote_sheet_names_every_error_and_writes_nothing(world):
    rows = [
        HEADER,
        [world.b.union.name, 2026, "2026-06-30", 1, 1, 1],
        [world.a.union.name, 2026, "2025-06-30", 1, 1, 1],
        [world.a.joint.name, 2026, "2026-06-30", 0, 0, 0],
        [world.a.union.name, 2026, "2026-06-01", 1, "一", 1],
    ]
    result = EvaluationRoundImporter(world.clerk_a).run(xlsx(rows), "评家.xlsx", commit=True)
    reasons = {(e.row, e.message.split("；")[0]) for e in result.errors}
    assert (2, f"“{world.b.union.name}”不存在或不在您的管辖范围内") in reasons
    assert (3, "测评日期应在2026年内") in reasons
    assert (4, "各项票数不能都为0") in reasons
    assert (5, "应为整数") in reasons
    assert not EvaluationRound.objects.exists()


def test_export_has_the_import_columns(client_a, world):
    EvaluationRound.objects.create(
        union=world.a.union,
        year=2026,
        held_on=TODAY,
        satisfied=3,
        basically_satisfied=1,
        dissatisfied=0,
    )
    response = client_a.get("/campaigns/evaluations/export/")
    assert response.status_code == 200
