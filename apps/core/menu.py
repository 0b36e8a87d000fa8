"""The side navigation: each app declares its links in its own `navigation.py`, and they are
assembled here (as NetBox assembles its menu), so core knows no app's URL names.

    # apps/members/navigation.py
    from apps.core.menu import Link, register

    register("会员", [Link("会员台帐", "members:member_list", "members.view_member", "person")])

Sections appear in the order of SECTIONS; within a section, links of a lower `weight` come
first (an app's links keep their declared order).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.module_loading import autodiscover_modules

SECTIONS = (
    "统计",
    "目标管理",
    "工会组织",
    "单位",
    "会员",
    "工会干部",
    "规范化与载体",
    "数据交换",
    "设置",
)


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    perm: str  # shown only to users who have it
    icon: str  # a Bootstrap Icons name


_links: dict[str, list[tuple[int, int, Link]]] = {section: [] for section in SECTIONS}


def register(section: str, links: list[Link], *, weight: int = 100) -> None:
    if section not in _links:
        raise ValueError(f"unknown navigation section {section!r}; add it to SECTIONS")
    entries = _links[section]
    entries.extend((weight, len(entries), link) for link in links)
    entries.sort(key=lambda entry: entry[:2])


def discover() -> None:
    """Import every installed app's `navigation` module (CoreConfig.ready)."""
    autodiscover_modules("navigation")


def sections_for(request: HttpRequest) -> list[dict]:
    """The sections and links the user may view; the link whose URL is the longest prefix of
    the current page is marked active."""
    user = request.user
    nav = []
    for section, entries in _links.items():
        links = [
            {"label": link.label, "url": reverse(link.url_name), "icon": link.icon}
            for _weight, _order, link in entries
            if user.has_perm(link.perm)
        ]
        if links:
            nav.append({"title": section, "links": links})
    matching = [
        link for section in nav for link in section["links"] if request.path.startswith(link["url"])
    ]
    if matching:
        max(matching, key=lambda link: len(link["url"]))["active"] = True
    return nav
