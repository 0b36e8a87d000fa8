"""企业工会工作规范化达标: a review prefilled from the rules, corrected with a reason, its total
and level; the county view of enterprises not reviewed, at level one and below standard."""

from apps.campaigns.models import Level, StandardReview
from apps.unions.models import Employer, Union, YearlyParameter
from tests.campaigns.factories import TODAY, standard_union

ADD = "/campaigns/reviews/add/"
PROGRESS = "/campaigns/reviews/progress/"


def review_data(union, **overrides):
    from apps.campaigns import rules

    result = rules.evaluate_one(union)
    found = {f.rule.code for f in result.findings}
    data = {
        "union": union.pk,
        "year": TODAY.year,
        "reviewed_on": TODAY.isoformat(),
        "reviewer": "县总检查组",
        "rectification_due": "",
        "note": "",
    }
    for r in rules.RULES.values():
        data[f"score_{r.code}"] = 0 if r.code in found else r.points
        data[f"reason_{r.code}"] = ""
    data.update(overrides)
    return data


def test_add_page_is_prefilled_from_the_rules(client_a, world):
    html = client_a.get(f"{ADD}?union={world.a.union.pk}").content.decode()
    assert world.a.union.name in html
    assert "未挂工会牌子" in html  # the rule's evidence beside its score
    assert 'name="score_structure.no_sign" value="0"' in html
    assert 'name="score_cadres.forbidden_post" value="4"' in html


def test_other_countys_union_is_not_prefilled(client_a, world):
    html = client_a.get(f"{ADD}?union={world.b.union.pk}").content.decode()
    assert world.b.union.name not in html
    assert "载入检查结果" in html


def test_review_saves_total_and_level(client_a, world):
    union = standard_union(world.a.township)
    response = client_a.post(ADD, review_data(union))
    review = StandardReview.objects.get(union=union)
    assert response.url == review.get_absolute_url()
    assert (review.total, review.level) == (100, Level.ONE)
    assert review.items.count() == 23 and not review.items.filter(found=True).exists()


def test_a_corrected_score_needs_a_reason(client_a, world):
    data = review_data(world.a.union, **{"score_structure.no_sign": 3})
    html = client_a.post(ADD, data).content.decode()
    assert "得分与系统检查结果（0分）不同，请填写更正理由" in html
    assert "县总检查组" in html  # what was typed is kept
    assert not StandardReview.objects.exists()
    data["reason_structure.no_sign"] = "现场查看已挂牌，台帐未更新"
    client_a.post(ADD, data)
    review = StandardReview.objects.get()
    item = review.items.get(rule_code="structure.no_sign")
    assert (item.score, item.found, item.corrected) == (3, True, True)
    assert item.reason == "现场查看已挂牌，台帐未更新"
    assert review.level == Level.BELOW  # the conftest union ticks nothing else


def test_a_score_above_the_points_is_refused(client_a, world):
    html = client_a.post(
        ADD,
        review_data(
            world.a.union, **{"score_structure.no_sign": 5, "reason_structure.no_sign": "x"}
        ),
    )
    assert "不能超过该项分值3分" in html.content.decode()
    assert not StandardReview.objects.exists()


def test_clerk_cannot_review_another_countys_union(client_a, world):
    client_a.post(ADD, review_data(world.b.union))
    assert not StandardReview.objects.exists()


def test_read_only_user_cannot_add(client, world):
    client.force_login(world.reader_a)
    assert client.get(f"{ADD}?union={world.a.union.pk}").status_code == 403


def test_county_view_lists_not_reviewed_below_standard_and_the_level_one_share(client_a, world):
    Employer.objects.filter(pk=world.a.employer.pk).update(employees=150)
    big = [
        standard_union(world.a.township, name=f"大型{i}有限公司", employees=300) for i in range(3)
    ]
    standard_union(world.a.township, name="小微有限公司", employees=20)  # below N: not due
    client_a.post(ADD, review_data(big[0]))
    client_a.post(ADD, review_data(world.a.union, rectification_due="2099-06-30"))
    html = client_a.get(PROGRESS).content.decode()
    assert "小微有限公司" not in html
    assert "大型1有限公司工会委员会" in html and "大型2有限公司工会委员会" in html  # not reviewed
    assert "25.0%" in html and "低于30%" in html  # 1 of 4 due at level one
    assert "整改期限 2099-06-30" in html  # the conftest union is below standard
    YearlyParameter.objects.create(key="campaigns.level_one_share_min", year=TODAY.year, value=20)
    html = client_a.get(PROGRESS).content.decode()
    assert "不低于20%" in html and "（低于" not in html


def test_county_view_shows_nothing_of_other_county(client_a, world):
    Employer.objects.filter(pk=world.b.employer.pk).update(employees=500)
    assert world.b.union.name not in client_a.get(PROGRESS).content.decode()
    assert Union.objects.filter(pk=world.b.union.pk).exists()
