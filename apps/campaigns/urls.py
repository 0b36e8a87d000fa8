from django.urls import path

from apps.core.registry import model_urls

from . import pages, views  # noqa: F401  (views registers the model views)

app_name = "campaigns"


urlpatterns = [
    path("standardization/", pages.results_page, name="results"),
    path("standardization/rules/", pages.rule_list, name="rule_list"),
    path("reviews/progress/", pages.review_progress, name="review_progress"),
    path("model-unions/progress/", pages.model_union_progress, name="modelunion_progress"),
    *model_urls("campaigns", "reviews", "standardreview"),
    *model_urls("campaigns", "model-unions", "modelunion"),
    *model_urls("campaigns", "homes", "workershome"),
    *model_urls("campaigns", "inspections", "homeinspection"),
    *model_urls("campaigns", "evaluations", "evaluationround"),
]
