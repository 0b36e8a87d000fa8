"""年度参数: values carried over from earlier years, county quotas, and who may edit them."""

from decimal import Decimal

import pytest

from apps.unions import parameters
from apps.unions.models import YearlyParameter

THRESHOLD = "test.threshold"
QUOTA = "test.quota"


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    """Two parameters as an app would register them (kept out of the real registry)."""
    monkeypatch.setattr(parameters, "_registry", {})
    parameters.register(THRESHOLD, "须配备专职主席的职工人数", default=200, unit="人")
    parameters.register(QUOTA, "协议管理试点任务", default=2, unit="个", per_county=True)


def test_a_year_takes_the_latest_earlier_value_then_the_default(world):
    assert parameters.value(THRESHOLD, 2026) == 200
    YearlyParameter.objects.create(key=THRESHOLD, year=2024, value=150)
    YearlyParameter.objects.create(key=THRESHOLD, year=2027, value=100)
    assert parameters.value(THRESHOLD, 2023) == 200
    assert parameters.value(THRESHOLD, 2026) == 150
    assert parameters.value(THRESHOLD, 2027) == 100


def test_county_quota_wins_over_the_citywide_value(world, django_assert_num_queries):
    YearlyParameter.objects.create(key=QUOTA, year=2025, value=3)
    YearlyParameter.objects.create(key=QUOTA, year=2026, county=world.b.county, value=5)
    with django_assert_num_queries(2):
        quotas = parameters.county_values(QUOTA, 2026)
    assert quotas == {world.a.county.pk: 3, world.b.county.pk: 5}
    assert parameters.county_values(QUOTA, 2025)[world.b.county.pk] == 3


def test_registering_a_key_twice_differently_is_refused():
    parameters.register(THRESHOLD, "须配备专职主席的职工人数", default=200, unit="人")  # same: fine
    with pytest.raises(Exception, match="registered twice"):
        parameters.register(THRESHOLD, "别的意思", default=1)


def test_city_admin_changes_a_year_and_only_changed_values_are_written(client, world):
    client.force_login(world.admin)
    page = client.get("/unions/parameters/?year=2026").content.decode()
    assert "须配备专职主席的职工人数" in page and "默认值" in page and "荆州区总工会" in page
    key_b = f"{QUOTA}@{world.b.county.pk}"
    data = {THRESHOLD: "200", f"{QUOTA}@{world.a.county.pk}": "2", key_b: "4"}
    response = client.post("/unions/parameters/?year=2026", data)
    assert response.status_code == 302
    rows = list(YearlyParameter.objects.values_list("key", "year", "county", "value"))
    assert rows == [(QUOTA, 2026, world.b.county.pk, Decimal("4"))]
    # Next year carries the value over, and says so.
    page = client.get("/unions/parameters/?year=2027").content.decode()
    assert "沿用2026年" in page
    assert parameters.county_values(QUOTA, 2027)[world.b.county.pk] == 4


def test_bad_value_is_explained_and_what_was_typed_stays(client, world):
    client.force_login(world.admin)
    data = {
        THRESHOLD: "两百",
        f"{QUOTA}@{world.a.county.pk}": "-1",
        f"{QUOTA}@{world.b.county.pk}": "3",
    }
    page = client.post("/unions/parameters/?year=2026", data).content.decode()
    assert "请输入数字" in page and "两百" in page
    assert "确保该值大于或等于0" in page
    assert not YearlyParameter.objects.exists()  # nothing half-written


def test_county_clerk_sees_own_quota_only_and_cannot_save(client_a, world):
    YearlyParameter.objects.create(key=QUOTA, year=2026, county=world.b.county, value=7)
    page = client_a.get("/unions/parameters/?year=2026").content.decode()
    assert "沙市区总工会" in page and "荆州区" not in page
    assert "<input" not in page.split("csrfmiddlewaretoken")[-1]  # values shown, not editable
    response = client_a.post("/unions/parameters/?year=2026", {THRESHOLD: "1"})
    assert response.status_code == 403
    assert parameters.value(THRESHOLD, 2026) == 200
