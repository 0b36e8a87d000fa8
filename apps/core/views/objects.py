"""One ledger's pages: its list, a row's detail, file, history, add / edit form and delete."""

from __future__ import annotations

import os
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_tables2 import RequestConfig

from ..pagination import CURSOR_PARAM, KeysFirstPaginator
from ..params import int_param, prefill
from ..tables import hide_edit_links
from .base import PER_PAGE_CHOICES, BaseObjectView, FilteredMixin, PermissionsViolation


class ObjectListView(FilteredMixin, BaseObjectView):
    """A ledger's list. Sets: queryset, table, filterset; optional title and add_label."""

    table: type
    generic_template = "object_list"
    title: str | None = None
    add_label = "新增"

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require("view")  # a role without the ledger is told so, not shown its rows
        fs, queryset = self.filtered()
        table = self.table(queryset, request=request)
        shown_columns = self.chosen_columns(table)
        table.show_only(shown_columns)
        hide_edit_links(table, request.user)
        per_page = _per_page(request)
        # The page size is the view's (25–200): django-tables2 would take any ?per_page=
        # itself, and 100000000 rendered every row of the ledger.
        table.per_page_field = "per_page_of_the_view"
        paginate = {
            "per_page": per_page,
            "paginator_class": KeysFirstPaginator,
            "cursor": request.GET.get(CURSOR_PARAM),
        }
        RequestConfig(request, paginate=paginate).configure(table)
        query = request.GET.copy()
        query.pop("page", None)
        query.pop(CURSOR_PARAM, None)
        query.pop("sort", None)
        query.pop("columns", None)
        return self.render(
            table=table,
            filter=fs,
            title=self.title or self.model._meta.verbose_name_plural,
            per_page=per_page,
            per_page_choices=PER_PAGE_CHOICES,
            shown_columns=shown_columns,
            querystring=query.urlencode(),
            add_url=self.url("add"),
            add_label=self.add_label,
            import_url=self.url("import"),
            export_url=self.url("export"),
            bulk_edit_url=self.url("bulk_edit"),
            bulk_delete_url=self.url("bulk_delete"),
        )

    def chosen_columns(self, table) -> list[str]:
        """Columns the user chose for this list (kept in the session), else the defaults."""
        key = f"columns:{type(table).__name__}"
        available = {name for name, _ in table.choosable_columns()}
        if "columns" in self.request.GET:
            chosen = [c for c in self.request.GET.getlist("columns") if c in available]
            self.request.session[key] = chosen
        else:
            chosen = self.request.session.get(key) or []
        return chosen or list(table.default_columns) or sorted(available)


def _per_page(request: HttpRequest) -> int:
    value = int_param(request, "per_page", PER_PAGE_CHOICES[0], quiet=True)
    return value if value in PER_PAGE_CHOICES else PER_PAGE_CHOICES[0]


class ObjectFileView(BaseObjectView):
    """A row's uploaded file, read from Django's storage, for users who may see the row (one
    outside their scope answers 404 like every view). Sets: queryset, `missing` (the message
    when the row has no file) and `download_name(obj)` (the name without its suffix)."""

    file_field = "file"
    missing = "没有附件"

    def download_name(self, obj: models.Model) -> str:
        return str(obj)

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        obj = self.get_object()
        file = getattr(obj, self.file_field)
        if not file or not file.storage.exists(file.name):
            raise Http404(self.missing)
        suffix = os.path.splitext(file.name)[1]
        response = FileResponse(
            file.open("rb"), as_attachment=True, filename=f"{self.download_name(obj)}{suffix}"
        )
        # An uploaded file is never rendered by the browser as whatever it claims to be.
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ObjectDetailView(BaseObjectView):
    """A row with its editable fields, related lists and recent changes. Sets: queryset;
    optional `derived_fields` (non-editable fields worth showing, e.g. a birth date taken
    from the ID number), `related(obj)` and `extra_context(obj)`."""

    generic_template = "object_detail"
    derived_fields: tuple[str, ...] = ()
    history_limit = 10

    def related(self, obj: models.Model) -> list[tuple[str, Any]]:
        """[(title, table)] shown under the fields."""
        return []

    def extra_context(self, obj: models.Model) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        history = obj.history.select_related("history_user")[: self.history_limit]
        return self.render(
            object=obj,
            field_rows=_field_rows(obj, self.maskers(), self.derived_fields),
            related=self.related(obj),
            history=list(history),
            edit_url=self.url("edit", obj),
            delete_url=self.url("delete", obj),
            history_url=self.url("history", obj),
            **self.extra_context(obj),
        )


def _field_rows(
    obj: models.Model, maskers: dict[str, Any], derived: tuple[str, ...]
) -> list[tuple[str, Any]]:
    rows = []
    for f in obj._meta.concrete_fields:
        if f.primary_key or not (f.editable or f.name in derived):
            continue
        value = getattr(obj, f.name)
        if f.choices:
            value = getattr(obj, f"get_{f.name}_display")()
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif f.name in maskers and value:
            value = maskers[f.name](value)
        rows.append((f.verbose_name, value if value not in (None, "") else "—"))
    return rows


class ObjectHistoryView(BaseObjectView):
    """All recorded changes of one row: who, when, what changed (django-simple-history)."""

    generic_template = "object_history"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        records = list(obj.history.select_related("history_user").order_by("-history_date"))
        return self.render(object=obj, changes=history_changes(records, self.maskers()))


def history_changes(records: list[Any], maskers: dict[str, Any]) -> list[dict[str, Any]]:
    """Each history record (newest first) with the fields it changed against the one before."""
    changes = []
    for index, record in enumerate(records):
        older = records[index + 1] if index + 1 < len(records) else None
        diffs = []
        if older is not None and record.history_type == "~":
            delta = record.diff_against(older)
            model = record.instance_type
            for change in delta.changes:
                field = model._meta.get_field(change.field)
                old, new = change.old, change.new
                if field.is_relation:
                    # History keeps foreign keys as ids; show the rows' names instead.
                    names = field.related_model._default_manager.in_bulk([old, new])
                    old, new = names.get(old, old), names.get(new, new)
                elif field.choices:
                    labels = dict(field.flatchoices)
                    old, new = labels.get(old, old), labels.get(new, new)
                elif field.name in maskers:
                    old, new = (maskers[field.name](v) if v else v for v in (old, new))
                diffs.append((field.verbose_name, _shown(old), _shown(new)))
        changes.append(
            {
                "record": record,
                "kind": {"+": "新增", "~": "修改", "-": "删除"}[record.history_type],
                "diffs": diffs,
            }
        )
    return changes


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


class ObjectEditView(BaseObjectView):
    """Add (no pk) or edit a row. Sets: queryset, form (a ScopedModelForm)."""

    form: type
    generic_template = "object_edit"

    def get_object(self) -> models.Model:
        if "pk" in self.kwargs:
            return super().get_object()
        return self.model()

    def initial(self) -> dict[str, Any]:
        """Initial values of a new row, from the query string (e.g. ?parent=12)."""
        return prefill(self.request, self.form.base_fields)

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object()
        self.require("change" if obj.pk else "add")
        form = self.form(
            instance=obj, user=request.user, initial=None if obj.pk else self.initial()
        )
        return self.render(
            object=obj,
            form=form,
            return_url=self.return_url(obj.get_absolute_url() if obj.pk else None),
        )

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self.get_object()
        self.require("change" if obj.pk else "add")
        creating = obj.pk is None
        form = self.form(request.POST, request.FILES, instance=obj, user=request.user)
        if form.is_valid():
            try:
                with transaction.atomic():
                    obj = form.save()
                    # As NetBox does: the saved row must still be in the user's scope.
                    if not self.scoped().filter(pk=obj.pk).exists():
                        raise PermissionsViolation
            except PermissionsViolation:
                form.add_error(None, "保存后的记录将不在您的管辖范围内，已取消保存。")
            else:
                verb = "已新增" if creating else "已保存"
                messages.success(request, f"{verb}{self.model._meta.verbose_name}“{obj}”。")
                return redirect(obj.get_absolute_url())
        return self.render(object=obj, form=form, return_url=self.return_url())


class ObjectDeleteView(BaseObjectView):
    """Delete one row after confirmation. Sets: queryset."""

    generic_template = "object_delete"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        self.require("delete")
        return self.render(object=obj, return_url=self.return_url(obj.get_absolute_url()))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        self.require("delete")
        name = str(obj)
        try:
            with transaction.atomic():
                obj.delete()
        except ProtectedError as exc:
            messages.error(request, _protected_message(obj, exc))
            return redirect(obj.get_absolute_url())
        except ValidationError as exc:  # a row of an approved year (core.closing)
            messages.error(request, f"“{name}”不能删除：{'；'.join(exc.messages)}")
            return redirect(obj.get_absolute_url())
        messages.success(request, f"已删除{self.model._meta.verbose_name}“{name}”。")
        return redirect(self.url("list") or "/")


def _protected_message(obj: models.Model, exc: ProtectedError) -> str:
    kinds = sorted({str(o._meta.verbose_name) for o in exc.protected_objects})
    return f"“{obj}”仍被{'、'.join(kinds)}引用，不能删除。请先处理这些关联记录。"
