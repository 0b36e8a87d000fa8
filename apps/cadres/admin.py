from django.contrib import admin

from apps.core.admin import ScopedAdmin

from .models import Cadre, Candidate, Election, Position


@admin.register(Cadre)
class CadreAdmin(ScopedAdmin):
    list_display = ("name", "sex", "union")
    search_fields = ("name", "id_number")
    raw_id_fields = ("union", "member")


@admin.register(Position)
class PositionAdmin(ScopedAdmin):
    list_display = ("cadre", "union", "role", "full_time", "came_by", "start_on", "end_on")
    list_filter = ("role", "came_by", "full_time")
    raw_id_fields = ("cadre", "union", "election")


class CandidateInline(admin.TabularInline):
    model = Candidate
    fields = ("name", "nominated_by_members", "votes", "order")
    extra = 0


@admin.register(Election)
class ElectionAdmin(ScopedAdmin):
    list_display = ("union", "held_on", "kind", "method", "approved_on", "term_end")
    list_filter = ("kind", "method")
    raw_id_fields = ("union",)
    inlines = [CandidateInline]
