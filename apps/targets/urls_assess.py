"""URLs of the year-end assessment, the acceptance checks and the bulletins, included by
apps.targets.urls. Bulletins are named by year and number (2026年第3期), like on paper."""

from django.urls import include, path

from apps.core.registry import get_model_urls

from . import acceptance  # also registers the acceptance records' generic views
from . import views_assess as views

urlpatterns = [
    path("assessment/", views.assessment, name="assessment"),
    path("assessment/freeze/", views.assessment_freeze, name="assessment_freeze"),
    path("assessment/counties/<int:pk>/", views.assessedcounty_detail,
         name="assessedcounty_detail"),
    path("assessment/counties/<int:pk>/adjust/", views.assessedcounty_adjust,
         name="assessedcounty_adjust"),
    path("assessment/counties/<int:pk>/outcome/", views.assessedcounty_outcome,
         name="assessedcounty_outcome"),
    path("acceptance/", include(get_model_urls("targets", "acceptancerecord", detail=False))),
    path("acceptance/<int:pk>/",
         include(get_model_urls("targets", "acceptancerecord", detail=True))),
    path("acceptance/attachments/<int:pk>/", acceptance.AcceptanceAttachmentFileView.as_view(),
         name="acceptanceattachment_file"),
    path("bulletins/", views.bulletin_list, name="bulletin_list"),
    path("bulletins/publish/", views.bulletin_publish, name="bulletin_publish"),
    path("bulletins/<int:year>/<int:number>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:year>/<int:number>/pdf/", views.bulletin_pdf, name="bulletin_pdf"),
    path("bulletins/<int:year>/<int:number>/xlsx/", views.bulletin_xlsx, name="bulletin_xlsx"),
]  # fmt: skip
