from django.contrib import admin

from apps.core.admin import ScopedAdmin

from .models import Coverage, Employer, EmployerCategory, FollowUp, FundPayment, Industry, Union


@admin.register(Union)
class UnionAdmin(ScopedAdmin):
    list_display = ("name", "level", "parent", "uscc", "founded_on", "dissolved_on")
    list_filter = ("level",)
    search_fields = ("name", "uscc")
    raw_id_fields = ("parent", "employer")


@admin.register(Employer)
class EmployerAdmin(ScopedAdmin):
    list_display = ("name", "uscc", "owner", "nature", "employees", "source")
    list_filter = ("nature", "source")
    search_fields = ("name", "uscc")
    raw_id_fields = ("owner",)


@admin.register(Coverage)
class CoverageAdmin(ScopedAdmin):
    list_display = ("union", "employer", "start_on", "end_on")
    raw_id_fields = ("union", "employer")


@admin.register(FundPayment)
class FundPaymentAdmin(ScopedAdmin):
    list_display = ("employer", "year", "amount")
    raw_id_fields = ("employer",)


@admin.register(FollowUp)
class FollowUpAdmin(ScopedAdmin):
    list_display = ("employer", "on", "action", "person")
    raw_id_fields = ("employer",)


@admin.register(Industry, EmployerCategory)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
