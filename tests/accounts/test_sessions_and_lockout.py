"""Issue 19 §7: lockouts that lock only the guesser, password rules, idle sessions, the
Content-Security-Policy, and the Chinese page of an expired form."""

import datetime
import re
import time

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import F
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.sessions import TOUCHED

RIGHT = "Pass-word-123"
TEMPLATES = settings.BASE_DIR / "templates"


def login(client, password, *, username="admin", **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


# Lockout


def test_failures_from_one_address_lock_only_that_address(client, world):
    for _ in range(5):
        login(client, "wrong", REMOTE_ADDR="10.0.0.1")
    locked = login(client, RIGHT, REMOTE_ADDR="10.0.0.1")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "账号已暂时锁定" in page and "从其他网络地址登录该账号不受影响" in page

    elsewhere = login(Client(), RIGHT, REMOTE_ADDR="10.0.0.2")
    assert elsewhere.status_code == 302 and elsewhere.url == "/"


def test_other_accounts_on_the_locked_address_still_log_in(client, world):
    for _ in range(5):
        login(client, "wrong", REMOTE_ADDR="10.0.0.1")
    response = login(Client(), RIGHT, username="clerk_a", REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_locked(client, world, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(5):
        login(client, "wrong", HTTP_X_FORWARDED_FOR="10.0.0.1", **proxy)
    assert login(client, RIGHT, HTTP_X_FORWARDED_FOR="10.0.0.1", **proxy).status_code == 429
    # What the guesser writes into X-Forwarded-For itself comes before the proxy's entry.
    spoofed = login(client, RIGHT, HTTP_X_FORWARDED_FOR="10.0.0.2, 10.0.0.1", **proxy)
    assert spoofed.status_code == 429
    other = login(Client(), RIGHT, HTTP_X_FORWARDED_FOR="10.0.0.2", **proxy)
    assert other.status_code == 302


def age_the_lock(minutes):
    """Move every failure and lockout of the past back by `minutes`."""
    then = datetime.timedelta(minutes=minutes)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - then)
    AccessFailureLog.objects.update(attempt_time=F("attempt_time") - then)


def test_each_further_lockout_of_the_pair_lasts_twice_as_long(client, world):
    here = {"REMOTE_ADDR": "10.0.0.1"}
    for minutes, wait in ((30, "30分钟"), (60, "1小时"), (120, "2小时")):
        for _ in range(5):
            login(client, "wrong", **here)
        locked = login(client, RIGHT, **here)
        assert locked.status_code == 429
        assert f"请{wait}后再试" in locked.content.decode()
        age_the_lock(minutes - 1)
        assert login(client, RIGHT, **here).status_code == 429
        age_the_lock(2)
    # The third lock (two hours) has passed: the right password gets in, and a later lockout
    # starts from thirty minutes again.
    assert login(client, RIGHT, **here).status_code == 302
    for _ in range(5):
        login(Client(), "wrong", **here)
    assert "请30分钟后再试" in login(Client(), RIGHT, **here).content.decode()


def test_a_lockout_a_day_ago_is_forgotten(client, world):
    here = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(5):
        login(client, "wrong", **here)
    age_the_lock(24 * 60 + 1)
    for _ in range(5):
        login(client, "wrong", **here)
    assert "请30分钟后再试" in login(client, RIGHT, **here).content.decode()


# Password rules


def change_password(client, user, new):
    client.force_login(user)
    return client.post(
        "/accounts/password/",
        {"old_password": RIGHT, "new_password1": new, "new_password2": new},
    )


def test_password_like_the_user_name_is_refused_in_chinese(client, world):
    shashi = User.objects.create_user("shashi", password=RIGHT, union=world.a.county)
    response = change_password(client, shashi, "shashi123")
    assert response.status_code == 200
    assert "密码跟 用户名 太相似了。" in response.content.decode()
    shashi.refresh_from_db()
    assert shashi.check_password(RIGHT)


def test_password_shorter_than_ten_characters_is_refused_in_chinese(client, world):
    response = change_password(client, world.clerk_a, "Hx-7kq-9z")
    assert response.status_code == 200
    assert "密码长度太短。密码必须包含至少 10 个字符。" in response.content.decode()
    assert change_password(client, world.clerk_a, "Hx-7kq-9zw").status_code == 302


# Sessions


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def test_session_cookie_ends_with_the_browser(client, world):
    response = login(client, RIGHT)
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""


def test_session_idle_longer_than_two_hours_is_logged_out(client, world):
    login(client, RIGHT)
    # Last request 2 h 1 min ago: the session expired a minute ago.
    Session.objects.filter(pk=session_row(client).pk).update(
        expire_date=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_request_within_the_idle_time_extends_the_session(client, world):
    login(client, RIGHT)
    # Last request 1 h 50 min ago: ten minutes left.
    session = client.session
    session[TOUCHED] = int(time.time()) - 110 * 60
    session.save()
    Session.objects.filter(pk=session_row(client).pk).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=10)
    )
    assert client.get("/").status_code == 200
    left = session_row(client).expire_date - timezone.now()
    assert datetime.timedelta(minutes=119) < left <= datetime.timedelta(hours=2)


# Content-Security-Policy


def test_pages_carry_the_content_security_policy(client, world):
    login(client, RIGHT)
    policy = client.get("/")["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
        "script-src 'self';",
    ):
        assert directive in policy + ";"
    assert "Content-Security-Policy" in client.get("/accounts/login/")


def test_no_template_runs_inline_script():
    """script-src 'self' blocks inline handlers and <script> blocks: none may be written."""
    inline = re.compile(r"\son[a-z]+=|<script(?![^>]*\ssrc=)|javascript:")
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group()}"
        for path in TEMPLATES.rglob("*.html")
        for match in inline.finditer(path.read_text())
    ]
    assert not found


# Expired form (CSRF failure)


def test_expired_form_answers_in_chinese_with_what_was_typed(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk_a)
    client.logout()  # the session ended while the form was open
    response = client.post(
        "/unions/employers/add/",
        {
            "name": "沙市区新开餐饮有限公司",
            "password": "Secret-typed-123",
            "csrfmiddlewaretoken": "stale-token-value",
        },
        HTTP_REFERER="http://testserver/unions/employers/add/?from=list",
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期" in page and "重新登录" in page
    assert "沙市区新开餐饮有限公司" in page
    assert "Secret-typed-123" not in page and "stale-token-value" not in page
    assert 'href="/accounts/login/?next=%2Funions%2Femployers%2Fadd%2F%3Ffrom%3Dlist"' in page


def test_expired_form_ignores_a_referer_of_another_site(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/unions/employers/add/",
        {"name": "某公司"},
        HTTP_REFERER="https://evil.example/phish",
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert 'href="/accounts/login/?next=%2Funions%2Femployers%2Fadd%2F"' in page
