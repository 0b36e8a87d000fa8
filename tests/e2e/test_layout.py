"""The page frame at an office screen's 1366×768: the side navigation keeps its width."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page

pytestmark = pytest.mark.e2e


def test_side_navigation_keeps_its_width_on_every_page(page: Page, world, log_in):
    log_in("clerk_a")
    widths = {}
    for name in ("home", "unions:employer_list", "unions:employer_add", "unions:employer_import"):
        page.goto(reverse(name))
        box = page.locator("#sidenav").bounding_box()
        assert box is not None
        widths[name] = round(box["width"])
    assert len(set(widths.values())) == 1, widths
