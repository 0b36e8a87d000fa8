"""Browser journeys: Playwright for Python driving Debian's Chromium against `live_server`.

Playwright's own browser download is not used (it is not reachable from our machines);
the browser is /usr/bin/chromium (apt: chromium, fonts-noto-cjk for the Chinese UI).

Every test under tests/e2e is marked `e2e`: `make e2e` runs them, `make test` skips them.
Screenshots go to test-artifacts/ at the project root (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from apps.accounts.roles import sync_role_groups

# Playwright's sync API keeps an event loop running in the test thread; Django would then
# refuse ORM calls made by the test itself (building the world, checking counts).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS = E2E_DIR.parents[1] / "test-artifacts"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "Pass-word-123"
TIMEOUT_MS = 10_000


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e (before `-m` selects), so none can slip into `make test`."""
    for item in items:
        if E2E_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def role_groups(transactional_db) -> None:
    """The role groups the world's users are added to, made sure of before the world is built.

    A transactional test ends with a flush that empties auth_group. Django follows the flush
    with post_migrate (available_apps is not set), whose receiver sync_role_groups makes them
    again, so today they are there; this keeps it so should that ever change (available_apps,
    serialized rollback), and costs one query per role.
    """
    sync_role_groups()


@pytest.fixture
def world(role_groups, live_server, settings, tmp_path, world):
    """The shared world (tests/conftest.py), committed so that the live server thread sees it.

    Requesting `live_server` makes pytest-django give the parent world's `db` a transactional
    database. `role_groups` comes before the parent `world` among the arguments, so pytest sets
    it up first. Uploaded import files go to a temporary MEDIA_ROOT.
    """
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return world


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    expect.set_options(timeout=TIMEOUT_MS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1366, "height": 768},
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        accept_downloads=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    # Every journey also proves the pages' scripts run under the Content-Security-Policy
    # and throw nothing: a blocked script or a script error fails the test that met it.
    broken: list[str] = []
    page.on("pageerror", lambda error: broken.append(f"script error: {error}"))
    page.on(
        "console",
        lambda message: (
            broken.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not broken, "\n".join(broken)


@pytest.fixture
def screenshot(page: Page) -> Callable[[str], Path]:
    """screenshot("employer-list") saves test-artifacts/employer-list.png (the viewport)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str, *, full_page: bool = False) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def log_in(page: Page) -> Callable[[str], None]:
    """Log in through the login page, as a person would, and land on the home page."""

    def log_in_as(username: str) -> None:
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    return log_in_as
