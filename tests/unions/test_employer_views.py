"""The employer ledger through HTTP, as a clerk, a reader and the city use it."""

import io

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from apps.unions.models import Employer, Union

from .factories import EmployerFactory
from .files import xlsx


def form_data(world, **overrides):
    data = {
        "name": "荆州市新单位有限公司",
        "uscc": "91421002MA4F00000X",
        "owner": world.a.township.pk,
        "nature": "private",
        "employees": 40,
        "women": 10,
        "migrant_workers": 5,
        "dispatched_workers": 0,
        "source": "ledger",
        "phone": "13907161234",
    }
    from apps.core.validators import make_uscc

    data["uscc"] = make_uscc(424242, prefix="91421002")
    data.update(overrides)
    return data


def test_anonymous_user_is_sent_to_login(client, world):
    response = client.get("/unions/employers/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_list_shows_own_rows_with_status_and_count(client_a, world):
    page = client_a.get("/unions/employers/").content.decode()
    assert world.a.employer.name in page and "单独建会" in page
    assert '共 <strong class="result-count">3</strong> 条' in page


def test_list_query_count_does_not_grow_with_rows(client_a, world, django_assert_max_num_queries):
    EmployerFactory.create_batch(60, owner=world.a.township)
    with django_assert_max_num_queries(12):
        response = client_a.get("/unions/employers/?per_page=50")
    assert response.content.decode().count("/unions/employers/") > 50


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=none", {"沙市区民营医院"}),
        ("status=covered", {"沙市区小微便利店"}),
        ("status=own", {"沙市区机械有限公司"}),
        ("new_social_org=1", {"沙市区民营医院"}),
        ("paid_fund=1", {"沙市区民营医院"}),
        ("q=便利", {"沙市区小微便利店"}),
    ],
)
def test_filters_select_the_rows_a_clerk_expects(client_a, world, query, expected):
    page = client_a.get(f"/unions/employers/?{query}").content.decode()
    names = {e.name for e in Employer.objects.all() if e.name in page}
    assert names == expected


def test_uscc_search_accepts_full_width_input(client_a, world):
    code = world.a.employer.uscc
    wide = "".join(chr(ord(c) + 0xFEE0) for c in code)
    assert world.a.employer.name in client_a.get(f"/unions/employers/?q={wide}").content.decode()


def test_clerk_adds_an_employer_and_the_change_is_recorded(client_a, world):
    response = client_a.post("/unions/employers/add/", form_data(world))
    employer = Employer.objects.get(name="荆州市新单位有限公司")
    assert response.status_code == 302 and response.url == employer.get_absolute_url()
    assert employer.history.get().history_user == world.clerk_a


def test_invalid_form_keeps_what_was_typed_and_explains_in_chinese(client_a, world):
    data = form_data(world, uscc="91421002MA4F00000O", women=90)
    response = client_a.post("/unions/employers/add/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "统一社会信用代码含有非法字符“O”" in page
    assert "不能大于职工人数（40）" in page
    assert 'value="荆州市新单位有限公司"' in page
    assert not Employer.objects.filter(name="荆州市新单位有限公司").exists()


def test_clerk_cannot_put_an_employer_under_another_county(client_a, world):
    response = client_a.post("/unions/employers/add/", form_data(world, owner=world.b.township.pk))
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Employer.objects.filter(name="荆州市新单位有限公司").exists()


def test_edit_records_what_changed(client_a, world):
    employer = world.a.employer
    data = form_data(world, name=employer.name, uscc=employer.uscc, employees=77)
    client_a.post(f"/unions/employers/{employer.pk}/edit/", data)
    employer.refresh_from_db()
    assert employer.employees == 77
    history = client_a.get(f"/unions/employers/{employer.pk}/history/").content.decode()
    assert "职工人数</strong>：50 → 77" in history
    assert "clerk_a" in history


def test_read_only_user_sees_no_write_buttons_and_gets_403(client, world):
    client.force_login(world.reader_a)
    page = client.get("/unions/employers/").content.decode()
    assert "新增" not in page and "批量删除" not in page
    detail = client.get(world.a.employer.get_absolute_url()).content.decode()
    assert "编辑" not in detail
    assert client.get(f"/unions/employers/{world.a.employer.pk}/edit/").status_code == 403
    response = client.post(f"/unions/employers/{world.a.employer.pk}/delete/")
    assert response.status_code == 403
    assert Employer.objects.filter(pk=world.a.employer.pk).exists()


def test_delete_asks_first_then_refuses_rows_still_referenced(client_a, world):
    employer = world.a.employer  # has its own union
    assert "确认删除" in client_a.get(f"/unions/employers/{employer.pk}/delete/").content.decode()
    response = client_a.post(f"/unions/employers/{employer.pk}/delete/", follow=True)
    page = response.content.decode()
    assert "引用，不能删除" in page and "工会组织" in page
    assert Employer.objects.filter(pk=employer.pk).exists()
    free = EmployerFactory(owner=world.a.township)
    client_a.post(f"/unions/employers/{free.pk}/delete/")
    assert not Employer.objects.filter(pk=free.pk).exists()


def test_bulk_edit_changes_only_filled_fields(client_a, world):
    rows = EmployerFactory.create_batch(3, owner=world.a.township, nature="private")
    client_a.post(
        "/unions/employers/bulk-edit/",
        {
            "pk": [r.pk for r in rows],
            "_apply": "1",
            "nature": "foreign",
            "is_labour_dispatch": "unknown",
        },
    )
    for row in rows:
        row.refresh_from_db()
        assert row.nature == "foreign" and row.employees == 50
        assert row.history.first().history_change_reason == "批量修改"


def test_bulk_delete_confirms_then_deletes(client_a, world):
    rows = EmployerFactory.create_batch(2, owner=world.a.township)
    pks = [r.pk for r in rows]
    page = client_a.post("/unions/employers/bulk-delete/", {"pk": pks}).content.decode()
    assert "确认删除以下2条单位" in page
    client_a.post("/unions/employers/bulk-delete/", {"pk": pks, "_confirm": "1"})
    assert not Employer.objects.filter(pk__in=pks).exists()


def read_xlsx(response):
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return book.get_sheet_by_index(0).to_python()


def test_export_holds_exactly_the_filtered_rows(client_a, world):
    response = client_a.get("/unions/employers/export/?status=none")
    assert response["Content-Disposition"].startswith("attachment")
    rows = read_xlsx(response)
    assert rows[0][:4] == ["统一社会信用代码", "单位名称", "所属工会组织", "单位性质"]
    assert [r[1] for r in rows[1:]] == ["沙市区民营医院"]
    assert rows[1][3] == "民办非企业单位"


def test_exported_file_imports_back_unchanged(client_a, world):
    exported = b"".join(client_a.get("/unions/employers/export/").streaming_content)
    from apps.unions.importers import EmployerImporter

    result = EmployerImporter(world.clerk_a).run(io.BytesIO(exported), "导出.xlsx", commit=False)
    assert (result.errors, result.unchanged, result.created) == ([], 3, 0)


def test_import_template_has_the_headers_and_an_example(client_a, world):
    rows = read_xlsx(client_a.get("/unions/employers/import/template/"))
    assert rows[0][0] == "统一社会信用代码*" and rows[0][2] == "所属工会组织"
    assert rows[1][1] == "荆州市示例科技有限公司"


def test_import_over_http_previews_then_commits(client_a, world):
    from apps.core.validators import make_uscc

    code = make_uscc(9100, prefix="91421002")
    file = xlsx([["统一社会信用代码", "单位名称", "单位性质"], [code, "网页导入单位", "私营"]])
    file.name = "网页导入.xlsx"
    preview = client_a.post("/unions/employers/import/", {"file": file}, follow=True)
    assert "将<strong>新增1条</strong>" in preview.content.decode()
    assert not Employer.objects.filter(uscc=code).exists()
    record = preview.context["object"]
    response = client_a.post(f"/imports/{record.pk}/commit/", follow=True)
    assert "导入完成：共1行，<strong>新增1条</strong>" in response.content.decode()
    assert Employer.objects.get(uscc=code).owner == world.a.county


def test_import_over_http_shows_file_errors_in_chinese(client_a, world):
    fake = io.BytesIO(b"not a spreadsheet\x00\x01")
    fake.name = "坏文件.xlsx"
    page = client_a.post("/unions/employers/import/", {"file": fake}, follow=True)
    assert "只能上传Excel（.xlsx、.xls）或 CSV 表格文件（按文件内容判断），“坏文件.xlsx”不是" in (
        page.content.decode()
    )


def test_unorganized_ledger_shows_follow_up_and_paid_year(client_a, world):
    page = client_a.get("/unions/employers/unorganized/").content.decode()
    assert "未建会单位台帐" in page and "沙市区民营医院" in page
    assert "沙市区机械有限公司" not in page
    assert "2025" in page  # the year the fund was paid


def test_dual_measures_counts_paid_employers_and_how_they_were_resolved(client_a, world):
    page = client_a.get("/unions/employers/dual-measures/?year=2026").content.decode()
    assert "沙市区民营医院" in page and "尚未建会" in page


def test_union_tree_counts_and_breadcrumb(client_a, world):
    page = client_a.get("/unions/tree/").content.decode()
    assert "沙市区总工会" in page
    children = client_a.get(f"/unions/tree/?parent={world.a.county.pk}").content.decode()
    assert "中山街道工会" in children
    detail = client_a.get(world.a.union.get_absolute_url()).content.decode()
    assert 'class="breadcrumb' in detail and "荆州市总工会" in detail
    assert f'href="{world.a.county.get_absolute_url()}"' in detail
    assert f'href="{world.city.get_absolute_url()}"' not in detail  # above the clerk's node


def test_moving_a_union_moves_its_subtree(world):
    other_township = Union.objects.create(
        name="朝阳街道工会", level="township", parent=world.a.county
    )
    joint = world.a.joint
    joint.parent = other_township
    joint.save()
    joint.refresh_from_db()
    assert joint.path.startswith(other_township.path)
    assert world.a.covered.organizing_status() == "covered"


def test_dual_measures_shows_when_a_payer_was_organized(client_a, world):
    import datetime

    from .factories import fund_payment, grassroots_union

    year = timezone.localdate().year - 1
    employer = EmployerFactory(owner=world.a.township, name="沙市区已缴费新建会公司")
    fund_payment(employer, year=year - 1)
    grassroots_union(employer, founded_on=datetime.date(year, 6, 1))
    page = client_a.get(f"/unions/employers/dual-measures/?year={year}").content.decode()
    row = page.split("沙市区已缴费新建会公司")[1].split("</tr>")[0]
    assert "单独建会" in row and f"{year}-06-01" in row
    assert "沙市区民营医院" not in page  # it paid in 2025, after the start of that year


def test_pages_hold_the_rows_of_their_place_in_the_sort_order(client_a, world):
    for n in range(57):
        EmployerFactory(owner=world.a.township, employees=1000 + n, name=f"排序单位{n:02d}")
    page2 = client_a.get("/unions/employers/?sort=-employees&per_page=25&page=2").content.decode()
    expected = [f"排序单位{n:02d}" for n in range(56 - 25, 56 - 50, -1)]
    positions = [page2.index(name) for name in expected]
    assert positions == sorted(positions)
    assert "排序单位56" not in page2 and "排序单位31" in page2 and "排序单位06" not in page2


def test_read_only_user_sees_no_edit_links_in_related_lists(client, world):
    client.force_login(world.reader_a)
    for employer in (world.a.unorganized, world.a.covered):
        page = client.get(employer.get_absolute_url()).content.decode()
        assert "/edit/" not in page
    client.force_login(world.clerk_a)
    page = client.get(world.a.unorganized.get_absolute_url()).content.decode()
    assert f"/unions/follow-ups/{world.a.follow_up.pk}/edit/" in page


def test_history_page_of_a_row_without_recorded_changes(client_a, world):
    world.a.employer.history.all().delete()  # rows bulk-loaded before history was kept
    page = client_a.get(f"/unions/employers/{world.a.employer.pk}/history/")
    assert page.status_code == 200 and "暂无变更记录" in page.content.decode()


def test_closed_employers_leave_the_unorganized_ledger(client_a, world):
    import datetime

    employer = world.a.unorganized
    employer.closed_on = datetime.date(2026, 1, 31)
    employer.save()
    assert employer.name not in client_a.get("/unions/employers/unorganized/").content.decode()
    closed = client_a.get("/unions/employers/?closed=1").content.decode()
    assert employer.name in closed and world.a.employer.name not in closed


def test_history_names_moved_owner_and_changed_nature_in_words(client_a, world):
    employer = world.a.employer
    other = Union.objects.create(name="朝阳街道工会", level="township", parent=world.a.county)
    data = form_data(
        world, name=employer.name, uscc=employer.uscc, owner=other.pk, nature="foreign"
    )
    client_a.post(f"/unions/employers/{employer.pk}/edit/", data)
    history = client_a.get(f"/unions/employers/{employer.pk}/history/").content.decode()
    assert "所属工会组织</strong>：中山街道工会 → 朝阳街道工会" in history
    assert "单位性质</strong>：私营 → 外资" in history


def test_a_payer_that_closed_without_a_union_is_closed_not_still_open(client_a, world):
    """双措并举: an employer of the year's list that closed during the year has its own
    outcome, on the page and in the figures (and their drill-down lists agree)."""
    import datetime

    from apps.stats.figures import Scope, compute

    from .factories import fund_payment

    year = timezone.localdate().year
    closing = EmployerFactory(owner=world.a.township, name="沙市区年内注销公司")
    fund_payment(closing, year=year - 1)
    Employer.objects.filter(pk=closing.pk).update(closed_on=datetime.date(year, 2, 1))
    page = client_a.get(f"/unions/employers/dual-measures/?year={year}").content.decode()
    row = page.split("沙市区年内注销公司")[1].split("</tr>")[0]
    assert f"已注销（{year}-02-01）" in row and "尚未建会" not in row
    table = compute(
        Scope(world.a.county, timezone.localdate(), year, world.clerk_a),
        only=["fund_closed", "fund_open", "fund_at_start"],
    )
    total = table.total
    assert total["fund_closed"] == 1
    assert total["fund_closed"] + total["fund_open"] == total["fund_at_start"]
    listed = client_a.get(table.link(total, "fund_closed")).content.decode()
    assert "沙市区年内注销公司" in listed and "沙市区民营医院" not in listed
