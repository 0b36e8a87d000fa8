from django.urls import path

from apps.core.registry import model_urls

from .views import model_unions, results, reviews

app_name = "campaigns"


urlpatterns = [
    path("standardization/", results.results_page, name="results"),
    path("standardization/rules/", results.rule_list, name="rule_list"),
    path("reviews/progress/", reviews.review_progress, name="review_progress"),
    path("model-unions/progress/", model_unions.model_union_progress, name="modelunion_progress"),
    *model_urls("campaigns", "reviews", "standardreview"),
    *model_urls("campaigns", "model-unions", "modelunion"),
    *model_urls("campaigns", "homes", "workershome"),
    *model_urls("campaigns", "inspections", "homeinspection"),
    *model_urls("campaigns", "evaluations", "evaluationround"),
]
