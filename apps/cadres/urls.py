from django.urls import path

from apps.core.registry import model_urls

from . import views

app_name = "cadres"


urlpatterns = [
    path("findings/", views.finding_list, name="finding_list"),
    *model_urls("cadres", "cadres", "cadre"),
    *model_urls("cadres", "positions", "position"),
    *model_urls("cadres", "elections", "election"),
    *model_urls("cadres", "assistants", "assistant"),
    *model_urls("cadres", "assistant-payments", "assistantpayment"),
    *model_urls("cadres", "agreements", "chairagreement"),
    *model_urls("cadres", "training", "trainingcourse"),
]
