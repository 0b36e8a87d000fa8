from django.urls import include, path

from apps.core.registry import get_model_urls

from . import pages, views  # noqa: F401  (views registers the model views)

app_name = "campaigns"


def model_urls(prefix: str, model_name: str):
    return [
        path(f"{prefix}/", include(get_model_urls("campaigns", model_name, detail=False))),
        path(f"{prefix}/<int:pk>/", include(get_model_urls("campaigns", model_name, detail=True))),
    ]


urlpatterns = [
    path("standardization/", pages.results_page, name="results"),
    path("standardization/rules/", pages.rule_list, name="rule_list"),
    path("reviews/progress/", pages.review_progress, name="review_progress"),
    path("model-unions/progress/", pages.model_union_progress, name="modelunion_progress"),
    *model_urls("reviews", "standardreview"),
    *model_urls("model-unions", "modelunion"),
    *model_urls("homes", "workershome"),
    *model_urls("inspections", "homeinspection"),
    *model_urls("evaluations", "evaluationround"),
]
