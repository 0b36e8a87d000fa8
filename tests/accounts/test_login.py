"""Logging in, being locked out after repeated failures, changing one's password."""

import pytest
from django.contrib.auth.models import Group

from apps.accounts.roles import CITY_ADMIN, CLERK, READ_ONLY, REVIEWER


def login(client, password):
    return client.post("/accounts/login/", {"username": "clerk_a", "password": password})


def test_login_page_is_in_chinese(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert "登录工会组织建设管理系统" in page and "用户名" in page and "密码" in page


def test_clerk_logs_in_and_lands_on_the_home_page(client, world):
    response = login(client, "Pass-word-123")
    assert response.status_code == 302 and response.url == "/"
    home = client.get("/").content.decode()
    assert "沙市区总工会 · 工作台" in home and "未建会单位" in home


def test_wrong_password_says_so_in_chinese(client, world):
    assert "用户名或密码不正确" in login(client, "wrong").content.decode()


def test_five_failures_lock_the_account_even_with_the_right_password(client, world):
    for _ in range(5):
        login(client, "wrong")
    response = login(client, "Pass-word-123")
    assert response.status_code == 429
    assert "账号已暂时锁定" in response.content.decode()


def test_password_change(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": "Pass-word-123",
            "new_password1": "Xin-mima-2026!",
            "new_password2": "Xin-mima-2026!",
        },
    )
    assert response.status_code == 302
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.check_password("Xin-mima-2026!")


def test_logout_needs_post_and_ends_the_session(client, world):
    client.force_login(world.clerk_a)
    client.post("/accounts/logout/")
    assert client.get("/unions/employers/").status_code == 302


@pytest.mark.parametrize(
    ("role", "perm", "granted"),
    [
        (CITY_ADMIN, "unions.change_industry", True),
        (CLERK, "unions.change_industry", False),
        (CLERK, "unions.delete_employer", True),
        (REVIEWER, "unions.change_employer", True),
        (REVIEWER, "unions.add_employer", False),
        (READ_ONLY, "unions.view_union", True),
        (READ_ONLY, "unions.change_union", False),
    ],
)
def test_roles_are_groups_with_the_right_permissions(db, role, perm, granted):
    app, codename = perm.split(".")
    group = Group.objects.get(name=role)
    assert (
        group.permissions.filter(codename=codename, content_type__app_label=app).exists() is granted
    )


def test_admin_lists_only_rows_in_scope(client, world):
    world.clerk_a.is_staff = True
    world.clerk_a.save()
    client.force_login(world.clerk_a)
    page = client.get("/admin/unions/employer/").content.decode()
    assert world.a.employer.name in page and world.b.employer.name not in page
    assert client.get(f"/admin/unions/employer/{world.b.employer.pk}/change/").status_code in (
        302,
        404,
    )
