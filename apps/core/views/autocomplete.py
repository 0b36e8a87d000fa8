"""JSON choices for the foreign-key widgets, scoped like every view."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest, JsonResponse

from .base import BaseObjectView


class AutocompleteView(BaseObjectView):
    """JSON choices for a foreign-key widget: rows in scope whose name matches `q`.

    Sets: queryset, search_fields (lookups OR-ed, e.g. ["name__icontains", "uscc__startswith"]),
    filter_fields (fields a widget may narrow the choices by, e.g. ?level=joint).
    """

    search_fields: list[str] = ["name__icontains"]
    filter_fields: tuple[str, ...] = ()
    limit = 20

    def get(self, request: HttpRequest) -> JsonResponse:
        queryset = self.scoped()
        for name in self.filter_fields:
            if values := request.GET.getlist(name):
                queryset = queryset.filter(**{f"{name}__in": values})
        term = request.GET.get("q", "").strip()
        if term:
            condition = models.Q()
            for lookup in self.search_fields:
                condition |= models.Q(**{lookup: term})
            queryset = queryset.filter(condition)
        results = [{"id": obj.pk, "text": str(obj)} for obj in queryset[: self.limit]]
        return JsonResponse({"results": results})
