from .urls_assess import urlpatterns as assess_urlpatterns

app_name = "targets"

urlpatterns = [
    *assess_urlpatterns,
]
