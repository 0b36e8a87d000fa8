"""The county dashboard's to-do list (待办): a registry of sources, each counting the rows
that need a clerk's action in a subtree and listing the first few. A source registered without
a function is shown as a slot (for an app still being built) until its entry gets `collect`."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from apps.cadres import rules
from apps.cadres.models import Assistant
from apps.cadres.models.assistants import first_of_month
from apps.cadres.rules import STANDARD_SALARY, assistants_of_year, monthly_findings
from apps.campaigns.models import county_pk
from apps.members.models import Transfer
from apps.unions import parameters
from apps.unions.filtersets import UnorganizedFilterSet
from apps.unions.models import Union
from apps.unions.views import UnorganizedListView

SHOWN = 8


@dataclass
class Todo:
    count: int
    url: str
    items: list[tuple[str, str, str]] = field(default_factory=list)  # (label, detail, url)


@dataclass(frozen=True)
class TodoSource:
    key: str
    label: str
    collect: Callable[[HttpRequest, Union], Todo] | None = None


_sources: dict[str, TodoSource] = {}


def register(source: TodoSource) -> TodoSource:
    _sources[source.key] = source
    return source


def collect(request: HttpRequest, root: Union) -> list[tuple[TodoSource, Todo | None]]:
    return [(s, s.collect(request, root) if s.collect else None) for s in _sources.values()]


def overdue_follow_ups(request: HttpRequest, root: Union) -> Todo:
    """未建会单位台帐 rows whose next follow-up date has passed: the ledger's own filter, so the
    count here and the list behind the link are the same rows."""
    query = {"within": root.pk, "overdue": "1"}
    queryset = UnorganizedListView.queryset.visible_to(request.user)
    rows = UnorganizedFilterSet(query, queryset=queryset, request=request).qs
    items = [
        (e.name, f"应于 {e.next_follow_up:%Y-%m-%d} 跟进", e.get_absolute_url())
        for e in rows.order_by("next_follow_up", "pk")[:SHOWN]
    ]
    url = f"{reverse('unions:employer_unorganized')}?{urlencode(query)}"
    return Todo(rows.count(), url, items)


def pending_transfers(request: HttpRequest, root: Union) -> Todo:
    """会籍接转 waiting for a decision, on either side of the subtree."""
    rows = (
        Transfer.objects.visible_to(request.user)
        .in_subtree(root.path)
        .filter(status=Transfer.Status.PENDING)
        .select_related("member", "from_union", "to_union")
    )
    items = [
        (
            t.member.name,
            f"{t.from_union} → {t.to_union}（{t.requested_on:%Y-%m-%d} 申请）",
            t.get_absolute_url(),
        )
        for t in rows.order_by("requested_on", "pk")[:SHOWN]
    ]
    url = f"{reverse('members:transfer_list')}?status={Transfer.Status.PENDING}"
    return Todo(rows.count(), url, items)


def expired_terms(request: HttpRequest, root: Union) -> Todo:
    """Grassroots unions whose chair's term has ended without a new election: the cadres app's
    own rule, so this count and its findings page list the same unions."""
    unions = Union.objects.visible_to(request.user).in_subtree(root.path)
    if not request.user.has_perm("cadres.view_position"):
        unions = unions.none()
    found = rules.findings(unions, codes=[TERM_EXPIRED])
    items = [
        (f.union_name, f.evidence, reverse("unions:union_detail", args=[f.union_id]))
        for f in found[:SHOWN]
    ]
    query = {"rule": TERM_EXPIRED, "within": root.pk}
    return Todo(len(found), f"{reverse('cadres:finding_list')}?{urlencode(query)}", items)


TERM_EXPIRED = "election.term_expired"

register(TodoSource("follow_ups", "未建会单位跟进逾期", overdue_follow_ups))
register(TodoSource("transfers", "待办会籍接转", pending_transfers))
register(TodoSource("expired_terms", "任期届满未换届", expired_terms))


def last_complete_month(today: datetime.date) -> datetime.date:
    return first_of_month(first_of_month(today) - datetime.timedelta(days=1))


def unpaid_assistants(request: HttpRequest, root: Union) -> Todo:
    """协理员 of the subtree paid below the standard, not insured, or with no pay recorded in
    the last complete month: the cadres app's own check (协理员待遇核查), so the count and
    that page's month agree. Each assistant once, with what was found."""
    month = last_complete_month(timezone.localdate())
    assistants = Assistant.objects.visible_to(request.user).in_subtree(root.path)
    if not request.user.has_perm("cadres.view_assistant"):
        assistants = assistants.none()
    in_post, payments = assistants_of_year(assistants, month.year)
    standard = parameters.value(STANDARD_SALARY, month.year)
    [found] = monthly_findings(in_post, payments, [month], standard)
    problems: dict[int, tuple[Assistant, list[str]]] = {}
    for assistant, salary in found.below:
        problems.setdefault(assistant.pk, (assistant, []))[1].append(f"实发{salary}元低于标准")
    for assistant in found.uninsured:
        problems.setdefault(assistant.pk, (assistant, []))[1].append("未缴社保")
    for assistant in found.missing:
        problems.setdefault(assistant.pk, (assistant, []))[1].append("未登记工资")
    shown = sorted(problems.values(), key=lambda p: (p[0].post.path, p[0].name, p[0].pk))
    items = [
        (a.name, f"{a.post}：{month:%Y年%-m月}" + "、".join(what), a.get_absolute_url())
        for a, what in shown[:SHOWN]
    ]
    county = county_pk(root.path)  # the page is by county: the one holding the root
    query = {"year": month.year, **({"county": county} if county else {})}
    return Todo(len(problems), f"{reverse('cadres:assistant_check')}?{urlencode(query)}", items)


register(TodoSource("unpaid_assistants", "协理员待遇未达标（上月）", unpaid_assistants))
