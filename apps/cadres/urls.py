from django.urls import include, path

from apps.core.registry import get_model_urls

from . import views

app_name = "cadres"


def model_urls(prefix: str, model_name: str):
    return [
        path(f"{prefix}/", include(get_model_urls("cadres", model_name, detail=False))),
        path(f"{prefix}/<int:pk>/", include(get_model_urls("cadres", model_name, detail=True))),
    ]


urlpatterns = [
    path("findings/", views.finding_list, name="finding_list"),
    *model_urls("cadres", "cadre"),
    *model_urls("positions", "position"),
    *model_urls("elections", "election"),
]
