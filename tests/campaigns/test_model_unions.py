"""树千家示范工会: nominated → cultivating → accepted → rewarded, or rejected; acceptance
refused while checks fail (showing which); county progress against the quota; the city's
reward fund spent."""

import datetime

from apps.campaigns.models import ModelUnion
from apps.unions.models import Union, YearlyParameter
from tests.campaigns.factories import TODAY, standard_union

PROGRESS = "/campaigns/model-unions/progress/"


def nominate(client, union) -> ModelUnion:
    response = client.post(
        "/campaigns/model-unions/add/",
        {
            "union": union.pk,
            "year": TODAY.year,
            "nominated_on": TODAY.isoformat(),
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    return ModelUnion.objects.get(union=union)


def step(client, candidate, name, **data):
    return client.post(f"/campaigns/model-unions/{candidate.pk}/{name}/", data)


def test_a_county_nominates_cultivates_accepts_and_the_city_rewards(client_a, client, world):
    union = standard_union(world.a.township, name="示范候选有限公司")
    candidate = nominate(client_a, union)
    assert candidate.status == ModelUnion.Status.NOMINATED
    step(client_a, candidate, "cultivate")
    candidate.refresh_from_db()
    assert candidate.status == ModelUnion.Status.CULTIVATING
    # 验收 feeds the county's own target: the city's step, refused to the county's clerk.
    assert "/accept/" not in client_a.get(candidate.get_absolute_url()).content.decode()
    refused = step(client_a, candidate, "accept", accepted_on=TODAY.isoformat(), accepted_by="x")
    assert refused.status_code == 403
    client.force_login(world.admin)
    response = step(
        client, candidate, "accept", accepted_on=TODAY.isoformat(), accepted_by="市县联合验收组"
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.status, candidate.accepted_by) == (
        ModelUnion.Status.ACCEPTED,
        "市县联合验收组",
    )
    step(
        client,
        candidate,
        "reward",
        reward_amount="5000",
        funder="city",
        rewarded_on=TODAY.isoformat(),
    )
    candidate.refresh_from_db()
    assert (candidate.status, candidate.reward_amount) == (ModelUnion.Status.REWARDED, 5000)
    assert candidate.history.count() == 4


def test_acceptance_is_refused_while_checks_fail_and_says_which(client_a, client, world):
    union = standard_union(world.a.township, name="示范候选有限公司")
    Union.objects.filter(pk=union.pk).update(has_venue=False, has_archives=False)
    candidate = nominate(client_a, union)
    client.force_login(world.admin)
    html = step(
        client, candidate, "accept", accepted_on=TODAY.isoformat(), accepted_by="验收组"
    ).content.decode()
    assert "项规范化检查未通过，不能验收" in html
    assert "没有活动场所" in html and "档案资料不全" in html
    candidate.refresh_from_db()
    assert candidate.status == ModelUnion.Status.NOMINATED
    detail = client_a.get(candidate.get_absolute_url()).content.decode()
    assert "没有活动场所" in detail and f"/unions/unions/{union.pk}/edit/#id_has_venue" in detail


def test_a_rejected_candidate_cannot_be_accepted(client_a, client, world):
    candidate = nominate(client_a, standard_union(world.a.township))
    step(client_a, candidate, "reject", rejected_on=TODAY.isoformat(), rejection_reason="未整改")
    client.force_login(world.admin)
    step(client, candidate, "accept", accepted_on=TODAY.isoformat(), accepted_by="验收组")
    candidate.refresh_from_db()
    assert (candidate.status, candidate.rejection_reason) == (ModelUnion.Status.REJECTED, "未整改")


def test_the_city_pays_city_rewards_and_no_reward_passes_the_year_s_cap(client_a, client, world):
    candidate = ModelUnion.objects.create(
        union=standard_union(world.a.township),
        year=TODAY.year,
        nominated_on=TODAY,
        status="accepted",
    )
    day = TODAY.isoformat()
    city_paid = step(
        client_a, candidate, "reward", reward_amount="99999999", funder="city", rewarded_on=day
    )
    assert city_paid.status_code == 403
    html = step(
        client_a, candidate, "reward", reward_amount="99999999", funder="county", rewarded_on=day
    ).content.decode()
    assert "奖励金额超过本年度上限（50,000元）" in html
    step(client_a, candidate, "reward", reward_amount="3000", funder="county", rewarded_on=day)
    candidate.refresh_from_db()
    assert (candidate.status, candidate.reward_amount, candidate.funder) == (
        ModelUnion.Status.REWARDED,
        3000,
        "county",
    )


def test_a_reward_needs_an_amount(client, world):
    client.force_login(world.admin)
    candidate = ModelUnion.objects.create(
        union=standard_union(world.a.township),
        year=TODAY.year,
        nominated_on=TODAY,
        status="accepted",
    )
    html = step(
        client, candidate, "reward", funder="city", rewarded_on=TODAY.isoformat()
    ).content.decode()
    assert "这个字段是必填项" in html
    candidate.refresh_from_db()
    assert candidate.status == ModelUnion.Status.ACCEPTED


def test_county_progress_against_quota_and_the_city_fund(client, world):
    YearlyParameter.objects.create(
        key="campaigns.model_union_quota", year=TODAY.year, county=world.a.county, value=4
    )
    day = datetime.date(TODAY.year, 1, 1)
    for i, status in enumerate(["accepted", "rewarded", "cultivating", "rejected"]):
        ModelUnion.objects.create(
            union=standard_union(world.a.township, name=f"候选{i}有限公司"),
            year=TODAY.year,
            nominated_on=day,
            status=status,
            reward_amount=3000 if status == "rewarded" else None,
            funder="city" if status == "rewarded" else "",
        )
    ModelUnion.objects.create(
        union=world.b.union,
        year=TODAY.year,
        nominated_on=day,
        status="rewarded",
        reward_amount=2000,
        funder="city",
    )
    client.force_login(world.clerk_a)
    html = client.get(PROGRESS).content.decode()
    assert "沙市区总工会" in html and "荆州区" not in html
    assert (
        '<td class="text-end">4</td><td class="text-end">4</td><td class="text-end">1</td>'
        '<td class="text-end">2</td><td class="text-end">1</td><td class="text-end">50%</td>'
        in html
    )
    client.force_login(world.admin)
    html = client.get(PROGRESS).content.decode()
    assert '<strong class="city-fund">5000.00</strong>' in html, html[html.find("city-fund") :][:80]
    assert "荆州区总工会" in html and "10</td>" in html  # B keeps the default quota
