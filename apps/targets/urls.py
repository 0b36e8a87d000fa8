from django.urls import path

from . import views
from .urls_assess import urlpatterns as assess_urlpatterns

app_name = "targets"

urlpatterns = [
    path("letters/", views.letter_list, name="targetletter_list"),
    path("letters/draft/", views.letter_draft, name="targetletter_draft"),
    path("letters/<int:pk>/", views.letter_detail, name="targetletter_detail"),
    path("letters/<int:pk>/edit/", views.letter_edit, name="targetletter_edit"),
    path("letters/<int:pk>/sign/", views.letter_sign, name="targetletter_sign"),
    path("letters/<int:pk>/pdf/", views.letter_pdf, name="targetletter_pdf"),
    path("letters/<int:pk>/score/", views.letter_score, name="targetletter_score"),
    path("templates/<int:year>/", views.template_edit, name="lettertemplate_edit"),
    path("scoring/", views.scoring, name="scoring"),
    *assess_urlpatterns,
]
