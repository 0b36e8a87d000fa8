"""规范化检查 pages: the results with the county distribution, filters and export; the rule
list; a union's own findings on its page with where to fix each."""

import io

from python_calamine import CalamineWorkbook

from apps.campaigns import rules
from apps.unions.models import Union
from tests.campaigns.factories import standard_union

RESULTS = "/campaigns/standardization/"


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_anonymous_user_is_sent_to_login(client, world):
    assert client.get(RESULTS).url.startswith("/accounts/login/")


def test_clerk_sees_own_countys_unions_with_score_level_and_evidence(client_a, world):
    standard_union(world.a.township, name="达标示范有限公司")
    html = page(client_a, RESULTS)
    assert world.a.union.name in html and "达标示范有限公司工会委员会" in html
    assert world.b.union.name not in html and "荆州区" not in html
    assert "未挂工会牌子" in html  # the conftest union ticks nothing
    assert "未发现问题" in html  # the standard one
    assert "沙市区总工会" in html  # the distribution row of the county
    assert "一级" in html and "未达标" in html


def test_filters_by_rule_category_size_and_nature(client_a, world):
    standard = standard_union(world.a.township, name="达标示范有限公司", employees=300)
    assert "达标示范" not in page(client_a, RESULTS + "?rule=structure.no_sign")
    assert world.a.union.name in page(client_a, RESULTS + "?category=finance")
    Union.objects.filter(pk=standard.pk).update(has_sign=False)
    assert "达标示范" in page(client_a, RESULTS + "?rule=structure.no_sign")
    assert "达标示范" in page(client_a, RESULTS + "?size=4")  # 200–999
    assert "达标示范" not in page(client_a, RESULTS + "?size=1")
    assert "达标示范" in page(client_a, RESULTS + "?nature=private")
    assert "达标示范" not in page(client_a, RESULTS + "?nature=state")
    html = page(client_a, RESULTS + f"?within={world.a.township.pk}&level=below")
    assert world.a.union.name in html and "达标示范" not in html


def test_the_page_runs_a_bounded_number_of_queries(client_a, world, django_assert_max_num_queries):
    for i in range(5):
        standard_union(world.a.township, name=f"批量{i}有限公司")
    with django_assert_max_num_queries(len(rules.RULES) + 15):
        client_a.get(RESULTS)


def test_export_has_a_row_per_finding(client_a, world):
    standard_union(world.a.township, name="达标示范有限公司")
    response = client_a.get(RESULTS + "?export=xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["县市区", "上级工会", "工会"]
    mine = [r for r in rows if r[2] == world.a.union.name]
    assert {r[8] for r in mine} >= {"没有工会牌子", "没有独立的工会经费账户"}
    assert any(r[2] == "达标示范有限公司工会委员会" and r[8] == "未发现问题" for r in rows)
    assert not any("荆州区" in str(cell) for r in rows for cell in r)


def test_rule_list_shows_every_rule_with_its_points(client, world):
    client.force_login(world.reader_a)
    html = page(client, "/campaigns/standardization/rules/")
    for r in rules.RULES.values():
        assert r.label in html
    assert "合计 100 分" in html


def test_union_page_shows_its_findings_with_where_to_fix_them(client_a, world):
    html = page(client_a, world.a.union.get_absolute_url())
    assert "规范化检查：得分" in html
    assert "未挂工会牌子" in html
    assert f"/unions/unions/{world.a.union.pk}/edit/#id_has_sign" in html
    assert f"/members/checks/roster/?within={world.a.township.pk}" in html
    Union.objects.filter(pk=world.a.union.pk).update(has_sign=True)
    assert "未挂工会牌子" not in page(client_a, world.a.union.get_absolute_url())


def test_a_township_page_has_no_findings_panel(client_a, world):
    assert "规范化检查：得分" not in page(client_a, world.a.township.get_absolute_url())
