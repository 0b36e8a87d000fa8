from django.urls import include, path

from .exchange import records  # noqa: F401  (registers the views)
from .registry import get_model_urls

app_name = "core"

urlpatterns = [
    path("imports/", include(get_model_urls("core", "importrecord", detail=False))),
    path("imports/<int:pk>/", include(get_model_urls("core", "importrecord", detail=True))),
    path("export-logs/", include(get_model_urls("core", "exportlog", detail=False))),
    path("foreign-lookups/", include(get_model_urls("core", "foreignlookup", detail=False))),
]
