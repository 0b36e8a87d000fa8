"""A NUL character in a query or form value is answered 400 in Chinese before any view runs
(PostgreSQL cannot store or compare one: the view's query would fail with a 500)."""

import pytest

from apps.unions.models import Employer


@pytest.mark.parametrize("url", ["/members/members/?q=%00", "/unions/employers/export/?q=a%00b"])
def test_a_nul_in_the_query_is_refused_in_chinese(client_a, url):
    response = client_a.get(url)
    assert response.status_code == 400
    assert "请求中含有无效字符" in response.content.decode()


def test_a_nul_in_a_form_is_refused_and_nothing_is_written(client_a, world):
    before = Employer.objects.count()
    response = client_a.post("/unions/employers/add/", {"name": "单位\x00", "uscc": "x"})
    assert response.status_code == 400
    assert Employer.objects.count() == before


def test_ordinary_requests_pass(client_a):
    assert client_a.get("/members/members/?q=张").status_code == 200
