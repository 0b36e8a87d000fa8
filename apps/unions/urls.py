from django.urls import include, path

from apps.core.registry import get_model_urls

from . import views

app_name = "unions"


def model_urls(prefix: str, model_name: str):
    return [
        path(f"{prefix}/", include(get_model_urls("unions", model_name, detail=False))),
        path(f"{prefix}/<int:pk>/", include(get_model_urls("unions", model_name, detail=True))),
    ]


urlpatterns = [
    path("tree/", views.union_tree, name="union_tree"),
    path("parameters/", views.yearly_parameters, name="parameters"),
    path("data-problems/", views.data_problems, name="data_problems"),
    path("employers/dual-measures/", views.dual_measures, name="employer_dual_measures"),
    *model_urls("unions", "union"),
    *model_urls("employers", "employer"),
    *model_urls("coverages", "coverage"),
    *model_urls("fund-payments", "fundpayment"),
    *model_urls("follow-ups", "followup"),
]
