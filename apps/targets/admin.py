from django.contrib import admin

from apps.core.admin import ScopedAdmin
from apps.unions.parameters import COUNTY_LEVELS

from .models import ContactPoint


@admin.register(ContactPoint)
class ContactPointAdmin(ScopedAdmin):
    """机关干部联系点: the city admin assigns staff to counties (and areas) per year."""

    list_display = ("year", "county", "area", "name", "title", "phone")
    list_filter = ("year", "area")
    search_fields = ("name", "county__name")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "county":  # the counties, not 30,000 unions in one select
            field.queryset = field.queryset.filter(level__in=COUNTY_LEVELS)
        return field
