from django.urls import path

from apps.core.registry import model_urls

from . import views

app_name = "unions"


urlpatterns = [
    path("tree/", views.union_tree, name="union_tree"),
    path("parameters/", views.yearly_parameters, name="parameters"),
    path("data-problems/", views.data_problems, name="data_problems"),
    path("employers/dual-measures/", views.dual_measures, name="employer_dual_measures"),
    *model_urls("unions", "unions", "union"),
    *model_urls("unions", "employers", "employer"),
    *model_urls("unions", "coverages", "coverage"),
    *model_urls("unions", "fund-payments", "fundpayment"),
    *model_urls("unions", "follow-ups", "followup"),
]
