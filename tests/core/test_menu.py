"""The side navigation each app declares (apps/<app>/navigation.py, assembled by core.menu)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.core import menu


def links():
    return [(section, link) for section, entries in menu._links.items() for *_, link in entries]


@pytest.mark.django_db
def test_every_app_with_pages_declares_links_that_resolve_to_real_permissions():
    declared = links()
    apps_linked = {link.url_name.split(":")[0] for _, link in declared}
    assert apps_linked == {
        "stats",
        "reports",
        "targets",
        "unions",
        "members",
        "cadres",
        "campaigns",
        "core",
    }
    for _section, link in declared:
        reverse(link.url_name)
        app_label, codename = link.perm.split(".")
        assert Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).exists(), link


def test_an_unknown_section_is_refused():
    with pytest.raises(ValueError, match="unknown navigation section"):
        menu.register("其他", [])


def test_sections_follow_their_order_and_shared_sections_their_weights(client, world):
    client.force_login(world.admin)
    nav = client.get("/members/members/").context["nav_sections"]
    assert [s["title"] for s in nav] == list(menu.SECTIONS)
    stats = next(s for s in nav if s["title"] == "统计")["links"]
    assert [link["label"] for link in stats] == ["数据看板", "统计表", "年度报送"]
    exchange = next(s for s in nav if s["title"] == "数据交换")["links"]
    assert [link["label"] for link in exchange] == [
        "数据问题",
        "导入记录",
        "导出记录",
        "范围外查询",
    ]
    active = [link["label"] for s in nav for link in s["links"] if link.get("active")]
    assert active == ["会员台帐"]


def test_a_clerk_sees_only_what_her_role_may_view(client, world):
    client.force_login(world.clerk_a)
    nav = client.get("/").context["nav_sections"]
    labels = {link["label"] for s in nav for link in s["links"]}
    assert {"会员台帐", "导入记录"} <= labels
    assert not labels & {"导出记录", "范围外查询"}  # the city's logs
