from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from apps.unions.models import Union

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users are managed by the city's administrators; a user sees users of their subtree."""

    list_display = ("username", "display_name", "union", "is_active", "last_login")
    list_filter = ("groups", "is_active")
    raw_id_fields = ("union",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("所属组织", {"fields": ("display_name", "union")}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(union__in=Union.objects.visible_to(request.user))
