from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("memberships/", views.MembershipListView.as_view(), name="membership_list"),
]
