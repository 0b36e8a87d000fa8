"""Pages of standardization and campaigns: the check results, the rule list, standard reviews
with their county view, model unions with their steps and county progress, workers' homes,
re-inspections and member evaluations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.shortcuts import redirect
from django.utils import timezone

from apps.core import views as generic
from apps.core.registry import register_model_view
from apps.core.tables import related_table
from apps.unions import parameters
from apps.unions.models import Union

from . import filtersets, forms, importers, rules, services, tables
from .models import (
    EvaluationRound,
    HomeInspection,
    ModelUnion,
    StandardReview,
    WorkersHome,
)

# ------------------------------------------------------------------ standard reviews


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
            instance=review, user=request.user, items=self.items_for(review, union),
            initial=initial,
        )  # fmt: skip
        return self.show(review, form, union)

    def post(self, request, pk: int | None = None):
        review = self.get_object()
        creating = review.pk is None
        self.require("add" if creating else "change")
        union = self.union_for_new(review)
        form = forms.StandardReviewForm(request.POST, instance=review, user=request.user,
                                        items=self.items_for(review, union))  # fmt: skip
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
                messages.success(request, f"{verb}“{review}”：{review.total}分，"
                                          f"{review.get_level_display()}。")  # fmt: skip
                return redirect(review.get_absolute_url())
        return self.show(review, form, union)

    def show(self, review, form, union):
        return self.render(object=review, form=form, union=union,
                           return_url=self.return_url())  # fmt: skip


register_model_view(StandardReview, "add", detail=False)(StandardReviewEditView)
register_model_view(StandardReview, "edit")(StandardReviewEditView)
generic.register_ledger_views(StandardReview, search_fields=["union__name__icontains"])
for _name, _base in (("delete", generic.ObjectDeleteView), ("history", generic.ObjectHistoryView)):
    register_model_view(StandardReview, _name)(
        type(
            f"StandardReview{_base.__name__}", (_base,), {"queryset": StandardReview.objects.all()}
        )
    )

# ------------------------------------------------------------------ model unions


@register_model_view(ModelUnion, "list", detail=False)
class ModelUnionListView(generic.ObjectListView):
    queryset = ModelUnion.objects.select_related("union")
    table, filterset = tables.ModelUnionTable, filtersets.ModelUnionFilterSet
    title = "树千家示范工会"
    add_label = "推荐候选工会"


@register_model_view(ModelUnion, "detail")
class ModelUnionDetailView(generic.ObjectDetailView):
    queryset = ModelUnion.objects.select_related("union")
    template_name = "campaigns/modelunion_detail.html"

    def extra_context(self, candidate):
        result = rules.evaluate_one(candidate.union)
        steps = [s for s in services.STEPS[candidate.status]
                 if services.may_take(self.request.user, s)]  # fmt: skip
        return {"steps": steps, "result": result}


generic.register_ledger_views(ModelUnion, form=forms.ModelUnionForm,
                              search_fields=["union__name__icontains"])  # fmt: skip

STEP_FORMS = {"accept": forms.AcceptForm, "reward": forms.RewardForm, "reject": forms.RejectForm,
              "cultivate": forms.StepForm}  # fmt: skip
STEP_TITLES = {"cultivate": "转入培育", "accept": "验收", "reward": "登记奖励", "reject": "未通过"}


class ModelUnionStepView(generic.BaseObjectView):
    """One step on a candidate's path; acceptance is refused while checks fail."""

    queryset = ModelUnion.objects.select_related("union")
    template_name = "campaigns/modelunion_step.html"
    step = ""

    def get(self, request, pk: int):
        candidate = self.get_object()
        self.require_step()
        return self.show(candidate, STEP_FORMS[self.step]())

    def require_step(self, funder: str = "") -> None:
        self.require("change")
        if not services.may_take(self.request.user, self.step, funder):
            raise PermissionDenied("验收和市总工会出资的奖励由市总工会办理")

    def post(self, request, pk: int):
        candidate = self.get_object()
        self.require_step(request.POST.get("funder", ""))
        if self.step not in services.STEPS[candidate.status]:
            messages.error(request, f"“{candidate}”当前为{candidate.get_status_display()}，"
                                    f"不能{STEP_TITLES[self.step]}。")  # fmt: skip
            return redirect(candidate.get_absolute_url())
        form = STEP_FORMS[self.step](request.POST)
        if not form.is_valid():
            return self.show(candidate, form)
        data = form.cleaned_data
        if self.step == "accept":
            try:
                services.accept(candidate, on=data["accepted_on"], by=data["accepted_by"])
            except services.AcceptanceRefused as refused:
                form.add_error(
                    None, f"该工会仍有{len(refused.findings)}项规范化检查未通过，不能验收。"
                )
                return self.show(candidate, form)
        elif self.step == "reward":
            cap = parameters.value(services.REWARD_MAX, data["rewarded_on"].year)
            if data["reward_amount"] > cap:
                form.add_error("reward_amount", f"奖励金额超过本年度上限（{cap:,.0f}元），请核对")
                return self.show(candidate, form)
            services.reward(candidate, amount=data["reward_amount"], funder=data["funder"],
                            on=data["rewarded_on"])  # fmt: skip
        elif self.step == "reject":
            services.reject(candidate, on=data["rejected_on"], reason=data["rejection_reason"])
        else:
            services.cultivate(candidate)
        messages.success(request, f"“{candidate}”：{STEP_TITLES[self.step]}已登记。")
        return redirect(candidate.get_absolute_url())

    def show(self, candidate, form):
        result = rules.evaluate_one(candidate.union) if self.step == "accept" else None
        return self.render(object=candidate, form=form, title=STEP_TITLES[self.step],
                           step=self.step, result=result,
                           return_url=candidate.get_absolute_url())  # fmt: skip


for _step in STEP_FORMS:
    register_model_view(ModelUnion, _step)(
        type(f"ModelUnion{_step.title()}View", (ModelUnionStepView,), {"step": _step})
    )

# ------------------------------------------------------------------ workers' homes


def homes_queryset():
    inspections = HomeInspection.objects.filter(home=OuterRef("pk")).order_by()
    withdrawn = inspections.filter(title_kept=False).values("home").annotate(d=Min("inspected_on"))
    last = inspections.values("home").annotate(d=Max("inspected_on"))
    return WorkersHome.objects.select_related("union").annotate(
        withdrawn_on=Subquery(withdrawn.values("d")), last_inspected_on=Subquery(last.values("d"))
    )


@register_model_view(WorkersHome, "list", detail=False)
class WorkersHomeListView(generic.ObjectListView):
    queryset = homes_queryset()
    table, filterset = tables.WorkersHomeTable, filtersets.WorkersHomeFilterSet
    title = "职工之家"


@register_model_view(WorkersHome, "detail")
class WorkersHomeDetailView(generic.ObjectDetailView):
    queryset = homes_queryset()
    template_name = "campaigns/workershome_detail.html"

    def related(self, home):
        user = self.request.user
        inspections = HomeInspection.objects.visible_to(user).filter(home=home)
        rounds = EvaluationRound.objects.visible_to(user).filter(union=home.union)
        return [
            ("复查记录", related_table(tables.HomeInspectionTable, inspections.select_related(
                "home__union"), user, exclude=("home",))),
            ("会员评家", related_table(tables.EvaluationRoundTable, rounds.select_related("union"),
                                      user, exclude=("union",))),
        ]  # fmt: skip


generic.register_ledger_views(WorkersHome, form=forms.WorkersHomeForm,
                              search_fields=["union__name__icontains"])  # fmt: skip


@register_model_view(HomeInspection, "list", detail=False)
class HomeInspectionListView(generic.ObjectListView):
    queryset = HomeInspection.objects.select_related("home__union")
    table, filterset = tables.HomeInspectionTable, filtersets.HomeInspectionFilterSet
    title = "职工之家复查"


@register_model_view(HomeInspection, "detail")
class HomeInspectionDetailView(generic.ObjectDetailView):
    queryset = HomeInspection.objects.select_related("home__union")


generic.register_ledger_views(HomeInspection, form=forms.HomeInspectionForm)


@register_model_view(EvaluationRound, "list", detail=False)
class EvaluationRoundListView(generic.ObjectListView):
    queryset = EvaluationRound.objects.select_related("union")
    table, filterset = tables.EvaluationRoundTable, filtersets.EvaluationRoundFilterSet
    title = "会员评家"


@register_model_view(EvaluationRound, "detail")
class EvaluationRoundDetailView(generic.ObjectDetailView):
    queryset = EvaluationRound.objects.select_related("union")
    template_name = "campaigns/evaluationround_detail.html"

    def extra_context(self, evaluation):
        from apps.unions import parameters

        from .params import SATISFACTION_MIN

        threshold = parameters.value(SATISFACTION_MIN, evaluation.year)
        return {"threshold": threshold, "outcome": evaluation.outcome(threshold)}


generic.register_ledger_views(
    EvaluationRound,
    form=forms.EvaluationRoundForm,
    importer=importers.EvaluationRoundImporter,
    filterset=filtersets.EvaluationRoundFilterSet,
    export_queryset=EvaluationRound.objects.select_related("union"),
)

# ------------------------------------------------------------------ union page


def union_panels(user: Any, union: Union) -> list[tuple[str, Any]]:
    """The union detail page's standardization findings, each with where to fix it."""
    if not (union.is_grassroots and user.has_perm("campaigns.view_standardreview")):
        return []
    if not Union.objects.visible_to(user).filter(pk=union.pk).exists():
        return []
    result = rules.evaluate_one(union)
    if result is None:
        return []
    title = f"规范化检查：得分 {result.score} · {result.level.label}"
    return [(title, tables.UnionFindingTable(result.fixes()))]
