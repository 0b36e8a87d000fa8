"""年底考核: freezing the year's ranking, adjustments with reasons, outcomes, permissions."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.targets import services as assessment
from apps.targets.models import (
    AssessedCounty,
    AssessedItem,
    Assessment,
    ScoreAdjustment,
    TargetLetter,
)
from apps.targets.scoring import ranking
from tests.unions.factories import EmployerFactory, grassroots_union

from .conftest import YEAR

NEW_YEAR = datetime.date(2027, 1, 5)
URL = reverse("targets:assessment")


def found(county, name, on):
    return grassroots_union(EmployerFactory(name=name, owner=county.township), founded_on=on)


@pytest.fixture
def after_year_end(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: NEW_YEAR)


@pytest.fixture
def frozen(world, signed, after_year_end):
    """A founded one new union of two (30 points), B none: frozen on 5 January."""
    found(world.a, "沙市区新厂", datetime.date(2026, 3, 1))
    return assessment.freeze(YEAR, actor=world.admin)


def assessed(world, county) -> AssessedCounty:
    return AssessedCounty.objects.get(county=county)


def test_the_city_freezes_the_ranking_as_of_31_december(client, world, signed, after_year_end):
    found(world.a, "沙市区新厂", datetime.date(2026, 3, 1))
    client.force_login(world.admin)
    response = client.post(reverse("targets:assessment_freeze"), {"year": YEAR}, follow=True)
    assert "已冻结2026年度考核结果" in response.content.decode()
    frozen = Assessment.objects.get(year=YEAR)
    assert (frozen.as_of, frozen.frozen_by) == (datetime.date(2026, 12, 31), world.admin)
    a = assessed(world, world.a.county)
    assert (a.total, a.rank, a.weight) == (D(30), 1, D(100))
    new = a.items.get(indicator="new_unions")
    assert (new.actual, new.completion, new.points, new.on_track) == (1, 50, 30, False)
    assert "founded_after=2026-01-01" in new.link
    assert assessed(world, world.b.county).rank == 2


def test_the_frozen_result_never_follows_the_ledgers(client, world, frozen):
    found(world.a, "沙市区年底新厂", datetime.date(2026, 11, 1))  # entered late, dated 2026
    assert ranking(YEAR, datetime.date(2026, 12, 31)).of(world.a.county).total == 60
    client.force_login(world.clerk_a)
    page = client.get(assessed(world, world.a.county).get_absolute_url()).content.decode()
    assert '<strong id="frozen-total">30.00</strong>' in page
    assert '<strong id="final-points">30.00</strong>' in page
    overview = client.get(f"{URL}?year={YEAR}").content.decode()
    assert "60.00" not in overview and "30.00" in overview


def test_a_frozen_row_refuses_every_change(world, frozen):
    a = assessed(world, world.a.county)
    item = a.items.first()
    item.points = D(60)
    with pytest.raises(ValidationError, match="已冻结"):
        item.save()
    with pytest.raises(ValidationError, match="已冻结"):
        item.delete()
    a.total = D(99)
    with pytest.raises(ValidationError, match="已冻结"):
        a.save()
    assert AssessedItem.objects.get(pk=item.pk).points == 30
    assert assessed(world, world.a.county).total == 30


def test_freezing_twice_is_refused_with_a_clear_message(client, world, frozen):
    client.force_login(world.admin)
    response = client.post(reverse("targets:assessment_freeze"), {"year": YEAR}, follow=True)
    assert "2026年度的考核结果已于" in response.content.decode()
    assert "不能再次冻结" in response.content.decode()
    assert Assessment.objects.count() == 1 and AssessedCounty.objects.count() == 2


def test_freezing_before_the_years_end_is_refused(world, signed):
    with pytest.raises(ValidationError, match="尚未结束"):
        assessment.freeze(YEAR, actor=world.admin, today=datetime.date(2026, 12, 30))
    assert not Assessment.objects.exists()


def test_a_year_without_signed_letters_cannot_be_frozen(world):
    with pytest.raises(ValidationError, match="没有已签订"):
        assessment.freeze(YEAR, actor=world.admin, today=NEW_YEAR)


def test_an_adjustment_needs_a_reason(client, world, frozen):
    a = assessed(world, world.a.county)
    client.force_login(world.admin)
    url = reverse("targets:assessedcounty_adjust", args=[a.pk])
    response = client.post(url, {"new_points": "35", "reason": "  "})
    assert response.status_code == 400
    assert "调整得分须写明理由" in response.content.decode()
    assert not ScoreAdjustment.objects.exists()
    response = client.post(url, {"new_points": "130", "reason": "超出满分"})
    assert "调整后得分应在0到100分之间" in response.content.decode()
    assert not ScoreAdjustment.objects.exists()


def test_an_adjustment_records_old_and_new_points_and_moves_the_rank(client, world, frozen):
    b = assessed(world, world.b.county)
    client.force_login(world.admin)
    reason = "专项验收认定荆州区联合工会新建3家，台帐补录滞后"
    response = client.post(
        reverse("targets:assessedcounty_adjust", args=[b.pk]),
        {"new_points": "45", "reason": reason},
    )
    assert response.status_code == 302
    change = ScoreAdjustment.objects.get()
    assert (change.old_points, change.new_points, change.reason, change.adjusted_by) == (
        0,
        45,
        reason,
        world.admin,
    )
    b = assessed(world, world.b.county)
    assert b.total == 0  # the frozen figure stays; the adjustment sits beside it
    table = {s.county.county.name: (s.points, s.rank) for s in assessment.standings(b.assessment)}
    assert table == {"荆州区总工会": (45, 1), "沙市区总工会": (30, 2)}
    client.force_login(world.clerk_b)
    page = client.get(b.get_absolute_url()).content.decode()
    assert "0.00 → <strong>45.00</strong>" in page and reason in page
    # A second adjustment starts from the adjusted points.
    second = assessment.adjust(b, D(40), reason="复核扣减", actor=world.admin)
    assert (second.old_points, second.new_points) == (45, 40)


def test_the_outcome_is_recorded_and_marks_the_letter_assessed(client, world, frozen):
    b = assessed(world, world.b.county)
    client.force_login(world.admin)
    url = reverse("targets:assessedcounty_outcome", args=[b.pk])
    response = client.post(
        url,
        {
            "outcome": "forfeited",
            "returned_amount": "20000",
            "forfeited_amount": "0",
            "reward_amount": "0",
        },
    )
    assert response.status_code == 400
    assert "扣缴抵押金时须填写扣缴金额" in response.content.decode()
    assert TargetLetter.objects.get(county=world.b.county).status == "signed"
    response = client.post(
        url,
        {
            "outcome": "forfeited",
            "returned_amount": "10000",
            "forfeited_amount": "10000",
            "reward_amount": "0",
            "note": "新建工会未完成",
        },
    )
    assert response.status_code == 302
    assert TargetLetter.objects.get(county=world.b.county).status == "assessed"
    a = assessed(world, world.a.county)
    client.post(
        reverse("targets:assessedcounty_outcome", args=[a.pk]),
        {
            "outcome": "rewarded",
            "returned_amount": "20000",
            "reward_amount": "5000",
            "forfeited_amount": "0",
            "honours": "组织建设工作先进单位",
        },
    )
    overview = client.get(f"{URL}?year={YEAR}").content.decode()
    assert "返还抵押金并奖励" in overview and "组织建设工作先进单位" in overview
    assert "扣缴抵押金" in overview
    # Assessed letters still rank: the frozen table and the live one agree on the counties.
    assert len(ranking(YEAR, datetime.date(2026, 12, 31)).counties) == 2


def test_returned_and_forfeited_cannot_exceed_the_deposit(client, world, frozen):
    b = assessed(world, world.b.county)
    client.force_login(world.admin)
    response = client.post(
        reverse("targets:assessedcounty_outcome", args=[b.pk]),
        {
            "outcome": "forfeited",
            "returned_amount": "15000",
            "forfeited_amount": "10000",
            "reward_amount": "0",
        },
    )
    assert "返还与扣缴合计不能超过抵押金20,000.00元" in response.content.decode()


def test_counties_cannot_freeze_adjust_or_decide(client, world, signed, after_year_end):
    client.force_login(world.clerk_a)
    assert client.post(reverse("targets:assessment_freeze"), {"year": YEAR}).status_code == 403
    assert not Assessment.objects.exists()
    assessment.freeze(YEAR, actor=world.admin)
    a = assessed(world, world.a.county)
    adjust = reverse("targets:assessedcounty_adjust", args=[a.pk])
    assert client.post(adjust, {"new_points": "90", "reason": "自评"}).status_code == 403
    outcome = reverse("targets:assessedcounty_outcome", args=[a.pk])
    decision = {"outcome": "returned", "returned_amount": "20000"}
    assert client.post(outcome, decision).status_code == 403
    assert not ScoreAdjustment.objects.exists()
    page = client.get(a.get_absolute_url()).content.decode()
    assert "adjust-form" not in page and "outcome-form" not in page
    overview = client.get(f"{URL}?year={YEAR}").content.decode()
    assert "冻结2026年度考核结果</button>" not in overview
    # The ranking goes to all; the page of another county does not.
    assert "荆州区" in overview
    assert (
        reverse("targets:assessedcounty_detail", args=[assessed(world, world.b.county).pk])
        not in overview
    )
    assert client.get(assessed(world, world.b.county).get_absolute_url()).status_code == 404


def test_the_city_sees_the_freeze_button_until_frozen(client, world, signed, after_year_end):
    client.force_login(world.admin)
    assert "冻结2026年度考核结果" in client.get(f"{URL}?year={YEAR}").content.decode()
    assessment.freeze(YEAR, actor=world.admin)
    page = client.get(f"{URL}?year={YEAR}").content.decode()
    assert "冻结2026年度考核结果</button>" not in page and 'id="standings"' in page
