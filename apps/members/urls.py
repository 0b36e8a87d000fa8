from django.urls import include, path

from apps.core.registry import get_model_urls

app_name = "members"

urlpatterns = [
    path("members/", include(get_model_urls("members", "member", detail=False))),
    path("members/<int:pk>/", include(get_model_urls("members", "member", detail=True))),
    path("transfers/", include(get_model_urls("members", "transfer", detail=False))),
    path("transfers/<int:pk>/", include(get_model_urls("members", "transfer", detail=True))),
]
