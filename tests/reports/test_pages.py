"""The statistics table page and the side navigation."""

from apps.accounts.models import User


def test_table_page_shows_merged_headers_rows_and_downloads(client_a, world):
    page = client_a.get("/reports/table/?year=2026").content.decode()
    assert '<th scope="col"  colspan="7">单位</th>' in page
    assert "中山街道工会" in page and "合计" in page and "计量单位" in page
    assert "/reports/table/xlsx/?org=" in page and "/reports/table/pdf/?org=" in page
    assert "荆州区" not in page


def test_city_table_lists_the_counties(client, world):
    client.force_login(world.admin)
    page = client.get("/reports/table/").content.decode()
    assert "县（市、区）及产业工会" in page
    assert "沙市区总工会" in page and "荆州区总工会" in page


def test_navigation_has_the_table_and_the_annual_submission(client, world):
    client.force_login(world.reader_a)
    page = client.get("/reports/table/").content.decode()
    assert 'href="/reports/table/"' in page and 'href="/reports/annual/"' in page
    # A read-only leader sees the submissions but cannot open one.
    listing = client.get("/reports/annual/").content.decode()
    assert "开始填报" not in listing


def test_a_user_without_a_role_is_refused(client, world):
    nobody = User.objects.create_user("nobody", password="x", union=world.a.county)
    client.force_login(nobody)
    assert client.get("/reports/table/").status_code == 403
    assert client.get("/reports/table/xlsx/").status_code == 403
    assert client.get("/reports/annual/").status_code == 403
    page = client.get("/").content.decode()
    assert "/reports/" not in page
