"""The county dashboard's to-do list (待办): a registry of sources, each counting the rows
that need a clerk's action in a subtree and listing the first few. Sources of apps still being
built (cadres: expired terms, unpaid assistants) are registered as slots without a function
and shown as such until their app lands on main; then their entry gets its `collect`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from apps.cadres import rules
from apps.members.models import Transfer
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
        (t.member.name, f"{t.from_union} → {t.to_union}（{t.requested_on:%Y-%m-%d} 申请）",
         t.get_absolute_url())
        for t in rows.order_by("requested_on", "pk")[:SHOWN]
    ]  # fmt: skip
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
# A slot for the union assistants (协理员) ledger, not yet on main: filled when it lands.
register(TodoSource("unpaid_assistants", "协理员工资未足额发放"))
