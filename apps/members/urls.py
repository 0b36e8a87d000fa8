from django.urls import include, path

from apps.core.registry import get_model_urls

from . import checks, roster  # noqa: F401  (roster registers the 年度更新 views)

app_name = "members"

urlpatterns = [
    path("members/", include(get_model_urls("members", "member", detail=False))),
    path("members/<int:pk>/", include(get_model_urls("members", "member", detail=True))),
    path("transfers/", include(get_model_urls("members", "transfer", detail=False))),
    path("transfers/<int:pk>/", include(get_model_urls("members", "transfer", detail=True))),
    path("rosters/", include(get_model_urls("members", "rosterconfirmation", detail=False))),
    path(
        "rosters/<int:pk>/",
        include(get_model_urls("members", "rosterconfirmation", detail=True)),
    ),
    *checks.urlpatterns,
]
