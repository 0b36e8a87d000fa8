"""Every URL of the members app. The ledgers' URLs come from the views registered with
`@register_model_view` (importing `views` runs the registrations)."""

from django.urls import path

from apps.core.registry import model_urls

from .views import member_checks

app_name = "members"

urlpatterns = [
    *model_urls("members", "members", "member"),
    *model_urls("members", "transfers", "transfer"),
    *model_urls("members", "rosters", "rosterconfirmation"),  # 年度更新
    # 会员核查: 冲突记录 is the conflicts' ledger; the other sections are lists of members.
    *model_urls("members", "checks", "memberconflict"),
    path("checks/lost/", member_checks.LostMemberListView.as_view(), name="checks_lost"),
    path("checks/roster/", member_checks.RosterMemberListView.as_view(), name="checks_roster"),
    path(
        "checks/duplicates/",
        member_checks.DuplicateMemberListView.as_view(),
        name="checks_duplicates",
    ),
]
