"""协理员待遇核查: per month, which assistants were paid below the province's standard, were
not insured, or have no pay recorded although in post — the province withdraws the posts of
counties that fall short. A county's page, and a line per county for the city."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from apps.core import views as generic
from apps.core.registry import register_model_view
from apps.unions import parameters

from .counties import county_choice, county_of, year_choice
from .models import Assistant, AssistantPayment
from .models.assistants import first_of_month

STANDARD_SALARY = parameters.register(
    "cadres.assistant_standard_salary", "工会协理员月工资标准", default=3000, unit="元/月"
)


@dataclass
class MonthFindings:
    month: datetime.date
    below: list[tuple[Assistant, Decimal]] = field(default_factory=list)
    uninsured: list[Assistant] = field(default_factory=list)
    missing: list[Assistant] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.below) + len(self.uninsured) + len(self.missing)


def months_to_check(year: int, today: datetime.date) -> list[datetime.date]:
    """The months of `year` up to the current one (a later month cannot be paid yet)."""
    last = 12 if year < today.year else today.month if year == today.year else 0
    return [datetime.date(year, m, 1) for m in range(1, last + 1)]


def monthly_findings(
    assistants: list[Assistant],
    payments: list[AssistantPayment],
    months: list[datetime.date],
    standard: Decimal,
    *,
    current: datetime.date | None = None,
) -> list[MonthFindings]:
    """For each month: assistants paid below the standard, not insured, or with no payment
    recorded although in post — except in the `current` month, whose pay may not be out
    yet. Works on rows already loaded (two queries for a county)."""
    paid = {(p.assistant_id, p.month): p for p in payments}
    result = []
    for month in months:
        found = MonthFindings(month)
        for assistant in assistants:
            if not assistant.employed_in(month):
                continue
            payment = paid.get((assistant.pk, month))
            if payment is None:
                if month != current:
                    found.missing.append(assistant)
                continue
            if payment.salary < standard:
                found.below.append((assistant, payment.salary))
            if not payment.insured:
                found.uninsured.append(assistant)
        result.append(found)
    return result


def assistants_of_year(scope, year: int) -> tuple[list[Assistant], list[AssistantPayment]]:
    """Assistants in post during the year under a scope queryset, and their payments of it."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    in_post = scope.filter(hired_on__lte=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=start)
    )
    assistants = list(in_post.select_related("post").order_by("post__path", "name", "pk"))
    payments = list(
        AssistantPayment.objects.filter(
            assistant__in=in_post.values("pk"), month__range=(start, end)
        ).only("assistant_id", "month", "salary", "insured")
    )
    return assistants, payments


@register_model_view(Assistant, "check", path="check/", detail=False)
class AssistantCheckView(generic.BaseObjectView):
    """协理员待遇核查: per month, who was paid below the standard, uninsured, or not paid.

    A user whose scope holds several counties sees one line per county first; a county's own
    page lists the findings month by month. A fixed number of queries either way.
    """

    queryset = Assistant.objects.all()
    template_name = "cadres/assistant_check.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        year, years = year_choice(request)
        counties, county = county_choice(request)
        standard = parameters.value(STANDARD_SALARY, year)
        today = timezone.localdate()
        months, current = months_to_check(year, today), first_of_month(today)
        scope = self.scoped()
        if county is not None:
            scope = scope.in_subtree(county.path)
        assistants, payments = assistants_of_year(scope, year)
        findings = monthly_findings(assistants, payments, months, standard, current=current)
        context = {
            "year": year, "years": years, "counties": counties, "county": county,
            "standard": standard, "assistants": len(assistants),
            "findings": [f for f in findings if f.count], "months": len(months),
        }  # fmt: skip
        if county is None and len(counties) > 1:
            context["summary"] = county_summary(counties, assistants, findings)
        return self.render(**context)


def county_summary(counties, assistants, findings) -> list[dict[str, Any]]:
    """One line per county: assistants in post, and assistant-months found short, from the
    findings already made for the whole scope."""
    rows = {c.pk: {"county": c, "assistants": 0, "below": 0, "uninsured": 0, "missing": 0}
            for c in counties}  # fmt: skip
    county_pk = {}
    for assistant in assistants:
        if (county := county_of(assistant.post.path, counties)) is not None:
            county_pk[assistant.pk] = county.pk
            rows[county.pk]["assistants"] += 1
    for found in findings:
        kinds = (("below", [a for a, _ in found.below]), ("uninsured", found.uninsured),
                 ("missing", found.missing))  # fmt: skip
        for kind, people in kinds:
            for assistant in people:
                if assistant.pk in county_pk:
                    rows[county_pk[assistant.pk]][kind] += 1
    return list(rows.values())
