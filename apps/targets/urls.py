"""Target management's URLs. Bulletins are named by year and number (2026年第3期), like on
paper; the acceptance checks' come from their registered generic views."""

from django.urls import include, path

from apps.core.registry import get_model_urls

from .views import acceptance, assessment, bulletins, letters, scoring

app_name = "targets"

urlpatterns = [
    path("letters/", letters.letter_list, name="targetletter_list"),
    path("letters/draft/", letters.letter_draft, name="targetletter_draft"),
    path("letters/<int:pk>/", letters.letter_detail, name="targetletter_detail"),
    path("letters/<int:pk>/edit/", letters.letter_edit, name="targetletter_edit"),
    path("letters/<int:pk>/sign/", letters.letter_sign, name="targetletter_sign"),
    path("letters/<int:pk>/pdf/", letters.letter_pdf, name="targetletter_pdf"),
    path("letters/<int:pk>/score/", scoring.letter_score, name="targetletter_score"),
    path("templates/<int:year>/", letters.template_edit, name="lettertemplate_edit"),
    path("scoring/", scoring.scoring, name="scoring"),
    path("assessment/", assessment.assessment, name="assessment"),
    path("assessment/freeze/", assessment.assessment_freeze, name="assessment_freeze"),
    path(
        "assessment/counties/<int:pk>/",
        assessment.assessedcounty_detail,
        name="assessedcounty_detail",
    ),
    path(
        "assessment/counties/<int:pk>/adjust/",
        assessment.assessedcounty_adjust,
        name="assessedcounty_adjust",
    ),
    path(
        "assessment/counties/<int:pk>/outcome/",
        assessment.assessedcounty_outcome,
        name="assessedcounty_outcome",
    ),
    path("acceptance/", include(get_model_urls("targets", "acceptancerecord", detail=False))),
    path(
        "acceptance/<int:pk>/", include(get_model_urls("targets", "acceptancerecord", detail=True))
    ),
    path(
        "acceptance/attachments/<int:pk>/",
        acceptance.AcceptanceAttachmentFileView.as_view(),
        name="acceptanceattachment_file",
    ),
    path("bulletins/", bulletins.bulletin_list, name="bulletin_list"),
    path("bulletins/publish/", bulletins.bulletin_publish, name="bulletin_publish"),
    path("bulletins/<int:year>/<int:number>/", bulletins.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:year>/<int:number>/pdf/", bulletins.bulletin_pdf, name="bulletin_pdf"),
    path("bulletins/<int:year>/<int:number>/xlsx/", bulletins.bulletin_xlsx, name="bulletin_xlsx"),
]
