from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin


class ScopedAdmin(SimpleHistoryAdmin):
    """Admin pages see the same rows as the app: `visible_to` for the list and every choice."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        manager = db_field.related_model._default_manager
        if hasattr(manager, "visible_to"):
            kwargs["queryset"] = manager.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # A delete the ledgers refuse (a row of an approved year, apps.core.closing) is a message
    # on the page, not an error page; nothing of a refused bulk delete is deleted.
    def delete_model(self, request, obj):
        self._refusable(request, obj.delete)

    def delete_queryset(self, request, queryset):
        self._refusable(request, queryset.delete)

    def _refusable(self, request, delete) -> None:
        try:
            with transaction.atomic():
                delete()
        except ValidationError as exc:
            messages.error(request, f"未删除：{'；'.join(exc.messages)}")
