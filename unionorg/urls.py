from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from apps.accounts import views as account_views

admin.site.site_header = "工会组织建设管理系统 · 管理后台"
admin.site.site_title = "工会组织建设管理系统"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("unions/", include("apps.unions.urls")),
    path("members/", include("apps.members.urls")),
    path("cadres/", include("apps.cadres.urls")),
    path("campaigns/", include("apps.campaigns.urls")),
    path("stats/", include("apps.stats.urls")),
    path("targets/", include("apps.targets.urls")),
    path("reports/", include("apps.reports.urls")),
    path("", include("apps.core.urls")),
    path("admin/", admin.site.urls),
]
