"""企业工会规范化达标检查: the reviews' ledger, the review form with every rule's score, and
the county view of reviews due."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.core import views as generic
from apps.core.registry import register_model_view
from apps.unions import parameters
from apps.unions.models import NON_PUBLIC_NATURES, Nature, Union

from .. import filtersets, forms, params, rules, services, tables
from ..models import Level, StandardReview, county_pk
from .helpers import county_names, require, year_of

# 企业: the natures of enterprises (the standard review concerns enterprise unions).
ENTERPRISE_NATURES = (Nature.STATE, Nature.COLLECTIVE, *NON_PUBLIC_NATURES)


@register_model_view(StandardReview, "list", detail=False)
class StandardReviewListView(generic.ObjectListView):
    queryset = StandardReview.objects.select_related("union")
    table, filterset = tables.StandardReviewTable, filtersets.StandardReviewFilterSet
    title = "企业工会规范化达标检查"


@register_model_view(StandardReview, "detail")
class StandardReviewDetailView(generic.ObjectDetailView):
    queryset = StandardReview.objects.select_related("union")

    def related(self, review):
        items = review.items.all()
        return [("检查项得分", tables.ReviewItemTable(items))]


@register_model_view(StandardReview, "edit")
@register_model_view(StandardReview, "add", detail=False)
class StandardReviewEditView(generic.BaseObjectView):
    """Add (for ?union=…) or edit a review: every rule's score, prefilled from what the rules
    find now; a score that differs from it needs a reason."""

    queryset = StandardReview.objects.select_related("union")
    template_name = "campaigns/standardreview_edit.html"

    def get_object(self) -> StandardReview:
        if "pk" in self.kwargs:
            return super().get_object()
        today = timezone.localdate()
        return StandardReview(year=today.year, reviewed_on=today)

    def union_for_new(self, review: StandardReview) -> Union | None:
        pk = self.request.POST.get("union") or self.request.GET.get("union")
        if review.pk or not str(pk or "").isdigit():
            return review.union if review.pk else None
        return Union.objects.visible_to(self.request.user).grassroots().filter(pk=pk).first()

    def items_for(self, review: StandardReview, union: Union | None):
        if review.pk:
            return list(review.items.all())
        return services.prefilled_items(rules.evaluate_one(union) if union else None)

    def get(self, request, pk: int | None = None):
        review = self.get_object()
        self.require("change" if review.pk else "add")
        union = self.union_for_new(review)
        initial = {"union": union.pk} if union and not review.pk else None
        form = forms.StandardReviewForm(
            instance=review,
            user=request.user,
            items=self.items_for(review, union),
            initial=initial,
        )
        return self.show(review, form, union)

    def post(self, request, pk: int | None = None):
        review = self.get_object()
        creating = review.pk is None
        self.require("add" if creating else "change")
        union = self.union_for_new(review)
        form = forms.StandardReviewForm(
            request.POST, instance=review, user=request.user, items=self.items_for(review, union)
        )
        if form.is_valid():
            try:
                with transaction.atomic():
                    review = services.save_review(form.save(commit=False), form.scored_items())
                    if not self.scoped().filter(pk=review.pk).exists():
                        raise generic.PermissionsViolation
            except generic.PermissionsViolation:
                form.add_error(None, "保存后的记录将不在您的管辖范围内，已取消保存。")
            else:
                verb = "已新增" if creating else "已保存"
                messages.success(
                    request, f"{verb}“{review}”：{review.total}分，{review.get_level_display()}。"
                )
                return redirect(review.get_absolute_url())
        return self.show(review, form, union)

    def show(self, review, form, union):
        return self.render(object=review, form=form, union=union, return_url=self.return_url())


@register_model_view(StandardReview, "autocomplete", detail=False)
class StandardReviewAutocompleteView(generic.AutocompleteView):
    queryset = StandardReview.objects.all()
    search_fields = ["union__name__icontains"]


@register_model_view(StandardReview, "delete")
class StandardReviewDeleteView(generic.ObjectDeleteView):
    queryset = StandardReview.objects.all()


@register_model_view(StandardReview, "history")
class StandardReviewHistoryView(generic.ObjectHistoryView):
    queryset = StandardReview.objects.all()


@login_required
def review_progress(request: HttpRequest) -> HttpResponse:
    """企业工会规范化达标, county view: enterprises due (≥ N employees), those not reviewed,
    the share at level one against the year's minimum, those still below standard."""
    require(request, "campaigns.view_standardreview")
    year = year_of(request)
    employees = int(parameters.value(params.REVIEW_EMPLOYEES, year))
    share_min = parameters.value(params.LEVEL_ONE_SHARE_MIN, year)
    reviews = StandardReview.objects.filter(union=OuterRef("pk"), year=year)
    due = (
        Union.objects.visible_to(request.user)
        .filter(
            level=Union.Level.GRASSROOTS,
            dissolved_on__isnull=True,
            employer__nature__in=ENTERPRISE_NATURES,
            employer__employees__gte=employees,
        )
        .annotate(
            review_level=Subquery(reviews.values("level")[:1]),
            review_pk=Subquery(reviews.values("pk")[:1]),
            due_on=Subquery(reviews.values("rectification_due")[:1]),
        )
        .order_by("path")
        .values("pk", "name", "path", "employer__employees", "review_level", "review_pk", "due_on")
    )
    rows = list(due)
    per_county: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        counts = per_county[county_pk(row["path"])]
        counts["due"] += 1
        counts["reviewed"] += row["review_level"] is not None
        counts["one"] += row["review_level"] == Level.ONE
        counts["below"] += row["review_level"] == Level.BELOW
    names = county_names(per_county)
    counties = []
    for pk, c in sorted(per_county.items(), key=lambda item: names.get(item[0], "")):
        share = Decimal(100 * c["one"] / c["due"]).quantize(Decimal("0.1")) if c["due"] else None
        counties.append(
            {
                "name": names.get(pk, "—"),
                "due": c["due"],
                "reviewed": c["reviewed"],
                "missing": c["due"] - c["reviewed"],
                "one": c["one"],
                "below": c["below"],
                "share": share,
                "short": share is not None and share < share_min,
            }
        )
    return render(
        request,
        "campaigns/review_progress.html",
        {
            "year": year,
            "employees": employees,
            "share_min": share_min,
            "counties": counties,
            "not_reviewed": [r for r in rows if r["review_level"] is None][:200],
            "not_reviewed_count": sum(1 for r in rows if r["review_level"] is None),
            "below": [r for r in rows if r["review_level"] == Level.BELOW],
            "may_add": request.user.has_perm("campaigns.add_standardreview"),
        },
    )
