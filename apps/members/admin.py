from django.contrib import admin

from apps.core.admin import ScopedAdmin

from .models import Member, Membership, Transfer, refresh_namesakes
from .services import note_roster_changes


@admin.register(Member)
class MemberAdmin(ScopedAdmin):
    list_display = ("name", "union", "status", "joined_on")
    list_filter = ("status",)
    search_fields = ("name", "id_number")
    raw_id_fields = ("union", "employer", "dispatching_employer", "using_employer")

    def delete_queryset(self, request, queryset):
        # A bulk delete skips Member.delete: the namesakes left behind are re-checked here.
        keys = set(queryset.values_list("name", "birth_date"))
        super().delete_queryset(request, queryset)
        refresh_namesakes(keys)


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ("member", "union", "joined_on", "left_on", "status")
    raw_id_fields = ("member", "union")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A corrected date or union is a roster change for 年度更新, on both sides.
        unions = [obj.union_id]
        if change and "union" in form.changed_data:
            unions.append(form.initial["union"])
        note_roster_changes(unions)


@admin.register(Transfer)
class TransferAdmin(ScopedAdmin):
    list_display = ("member", "from_union", "to_union", "requested_on", "status")
    list_filter = ("status",)
    raw_id_fields = ("member", "from_union", "to_union", "requested_by", "decided_by")
