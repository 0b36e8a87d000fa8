"""树千家示范工会: the candidates' ledger, the steps of a candidate's path, and each county's
progress against its quota."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from apps.core import views as generic
from apps.core.registry import register_model_view
from apps.unions import parameters
from apps.unions.models import Union

from .. import filtersets, forms, params, rules, services, tables
from ..models import ModelUnion, county_pk
from .helpers import require, year_of


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
        steps = [
            s for s in services.STEPS[candidate.status] if services.may_take(self.request.user, s)
        ]
        return {"steps": steps, "result": result}


@register_model_view(ModelUnion, "edit")
@register_model_view(ModelUnion, "add", detail=False)
class ModelUnionEditView(generic.ObjectEditView):
    queryset = ModelUnion.objects.all()
    form = forms.ModelUnionForm


@register_model_view(ModelUnion, "delete")
class ModelUnionDeleteView(generic.ObjectDeleteView):
    queryset = ModelUnion.objects.all()


@register_model_view(ModelUnion, "history")
class ModelUnionHistoryView(generic.ObjectHistoryView):
    queryset = ModelUnion.objects.all()


@register_model_view(ModelUnion, "autocomplete", detail=False)
class ModelUnionAutocompleteView(generic.AutocompleteView):
    queryset = ModelUnion.objects.all()
    search_fields = ["union__name__icontains"]


STEP_FORMS = {
    "accept": forms.AcceptForm,
    "reward": forms.RewardForm,
    "reject": forms.RejectForm,
    "cultivate": forms.StepForm,
}
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
            messages.error(
                request,
                f"“{candidate}”当前为{candidate.get_status_display()}，"
                f"不能{STEP_TITLES[self.step]}。",
            )
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
            services.reward(
                candidate,
                amount=data["reward_amount"],
                funder=data["funder"],
                on=data["rewarded_on"],
            )
        elif self.step == "reject":
            services.reject(candidate, on=data["rejected_on"], reason=data["rejection_reason"])
        else:
            services.cultivate(candidate)
        messages.success(request, f"“{candidate}”：{STEP_TITLES[self.step]}已登记。")
        return redirect(candidate.get_absolute_url())

    def show(self, candidate, form):
        result = rules.evaluate_one(candidate.union) if self.step == "accept" else None
        return self.render(
            object=candidate,
            form=form,
            title=STEP_TITLES[self.step],
            step=self.step,
            result=result,
            return_url=candidate.get_absolute_url(),
        )


@register_model_view(ModelUnion, "accept")
class ModelUnionAcceptView(ModelUnionStepView):
    step = "accept"


@register_model_view(ModelUnion, "reward")
class ModelUnionRewardView(ModelUnionStepView):
    step = "reward"


@register_model_view(ModelUnion, "reject")
class ModelUnionRejectView(ModelUnionStepView):
    step = "reject"


@register_model_view(ModelUnion, "cultivate")
class ModelUnionCultivateView(ModelUnionStepView):
    step = "cultivate"


@login_required
def model_union_progress(request: HttpRequest) -> HttpResponse:
    """树千家示范工会, county progress: each county's accepted candidates against its quota,
    the candidates at every step, and the reward money by funder (the city's fund spent)."""
    require(request, "campaigns.view_modelunion")
    year = year_of(request)
    quotas = parameters.county_values(params.MODEL_UNION_QUOTA, year)
    counties = dict(
        Union.objects.visible_to(request.user)
        .filter(level__in=parameters.COUNTY_LEVELS)
        .order_by("path")
        .values_list("pk", "name")
    )
    candidates = ModelUnion.objects.visible_to(request.user).filter(year=year)
    counts: dict[int, Counter] = defaultdict(Counter)
    for path, status in candidates.values_list("union__path", "status"):
        counts[county_pk(path)][status] += 1
    rewards = defaultdict(Decimal)
    funded = (
        candidates.filter(status=ModelUnion.Status.REWARDED)
        .order_by()
        .values("union__path", "funder")
        .annotate(amount=Sum("reward_amount"))
    )
    for row in funded:
        rewards[county_pk(row["union__path"]), row["funder"]] += row["amount"] or 0
    rows, Status = [], ModelUnion.Status
    for pk, name in counties.items():
        c, quota = counts[pk], int(quotas.get(pk, 0))
        done = sum(c[s] for s in ModelUnion.DONE)
        rows.append(
            {
                "name": name,
                "quota": quota,
                "nominated": sum(c.values()),
                "cultivating": c[Status.CULTIVATING] + c[Status.NOMINATED],
                "done": done,
                "rejected": c[ModelUnion.Status.REJECTED],
                "progress": round(100 * done / quota) if quota else None,
                "city": rewards[pk, ModelUnion.Funder.CITY],
                "county": rewards[pk, ModelUnion.Funder.COUNTY],
            }
        )
    city_fund = sum(r["city"] for r in rows)
    return render(
        request,
        "campaigns/modelunion_progress.html",
        {
            "year": year,
            "rows": rows,
            "city_fund": city_fund,
            "county_fund": sum(r["county"] for r in rows),
            "quota": sum(r["quota"] for r in rows),
            "done": sum(r["done"] for r in rows),
        },
    )
