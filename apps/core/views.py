"""Generic ledger views, written once; an app's view only declares its model's pieces.

Every view gets its rows from `queryset.visible_to(request.user)`: a row outside the user's
scope answers 404; a row in scope that the user's role may not change answers 403.
"""

from __future__ import annotations

import os
import uuid
from typing import Any
from urllib.parse import unquote_plus

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import ProtectedError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import select_template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View
from django_tables2 import RequestConfig

from .excel import XLSX_CONTENT_TYPE, write_template, write_xlsx
from .importing import LedgerImporter
from .models import ExportLog, ImportRecord
from .pagination import CURSOR_PARAM, KeysFirstPaginator
from .params import int_param, prefill, url_param
from .registry import model_url_name, register_model_view
from .scoping import user_scope_path
from .tables import hide_edit_links
from .tasks import fail_stale_imports, run_import
from .uploads import OLE, SUFFIXES, check_upload
from .validators import PERSONAL_MASKS

PER_PAGE_CHOICES = (25, 50, 100, 200)
BULK_MAX = max(PER_PAGE_CHOICES)


class PermissionsViolation(Exception):
    """A saved row left the user's scope; raised inside the atomic block to roll it back."""


class BaseObjectView(LoginRequiredMixin, View):
    """Base of the generic views. Subclasses set:

    queryset       -- the model's queryset (annotated as the page needs); scoped per request
    template_name  -- optional; default `<app>/<model>_<action>.html`, then `generic/<action>.html`
    """

    queryset: models.QuerySet
    template_name: str | None = None
    generic_template: str = ""
    model_action: str = ""

    @property
    def model(self) -> type[models.Model]:
        return self.queryset.model

    def scoped(self, action: str = "view") -> models.QuerySet:
        return self.queryset.visible_to(self.request.user, action)

    def get_object(self) -> models.Model:
        return get_object_or_404(self.scoped(), pk=self.kwargs["pk"])

    def require(self, action: str) -> None:
        opts = self.model._meta
        if not self.request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
            raise PermissionDenied("您的角色没有此操作权限")

    def url(self, action: str, obj: models.Model | None = None) -> str | None:
        try:
            return reverse(model_url_name(self.model, action), args=[obj.pk] if obj else [])
        except NoReverseMatch:
            return None

    def get_template_names(self) -> list[str]:
        opts = self.model._meta
        names = [f"{opts.app_label}/{opts.model_name}_{self.model_action}.html"]
        if self.template_name:
            names.insert(0, self.template_name)
        return [*names, f"generic/{self.generic_template}.html"]

    def maskers(self) -> dict[str, Any]:
        """The masking functions that apply to this user, by field or column name: personal
        data (身份证号, 手机号, declared once in PERSONAL_MASKS) of any ledger is shown in full
        only to roles that may change the row."""
        opts = self.model._meta
        if self.request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            return {}
        return PERSONAL_MASKS

    def permitted_actions(self) -> set[str]:
        opts = self.model._meta
        return {
            action
            for action in ("add", "change", "delete")
            if self.request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        }

    def render(self, **context: Any) -> HttpResponse:
        opts = self.model._meta
        context.setdefault("verbose_name", opts.verbose_name)
        context.update(
            opts=opts,
            actions=self.permitted_actions(),
            list_url=self.url("list"),
        )
        template = select_template(self.get_template_names())
        return HttpResponse(template.render(context, self.request))

    def return_url(self, default: str | None = None) -> str:
        return url_param(self.request) or default or self.url("list") or "/"


class FilteredMixin:
    """The filtered queryset of a list page, shared by the list and its export."""

    filterset: type | None = None

    def filtered(self, action: str = "view"):
        queryset = self.scoped(action)
        if self.filterset is None:
            return None, queryset
        fs = self.filterset(self.request.GET or None, queryset=queryset, request=self.request)
        return fs, fs.qs


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


class BulkView(BaseObjectView):
    """Base of bulk actions on the rows ticked in a list (`pk` values, scoped)."""

    action = "change"

    def selected(self) -> models.QuerySet:
        ids = [pk for pk in self.request.POST.getlist("pk") if pk.isdigit()][:BULK_MAX]
        return self.scoped().filter(pk__in=ids)

    def post(self, request: HttpRequest) -> HttpResponse:
        self.require(self.action)
        rows = list(self.selected())
        if not rows:
            messages.warning(request, "请先勾选要操作的记录。")
            return redirect(self.return_url())
        return self.handle(rows)

    def handle(self, rows: list[models.Model]) -> HttpResponse:
        raise NotImplementedError


class BulkEditView(BulkView):
    """Change the same fields on the selected rows. Sets: queryset, form (a BulkEditForm),
    edit_form (the ledger's single edit form, whose validation every changed row passes)."""

    form: type
    edit_form: type
    generic_template = "bulk_edit"

    def handle(self, rows: list[models.Model]) -> HttpResponse:
        form = self.form(
            self.request.POST if "_apply" in self.request.POST else None, user=self.request.user
        )
        if form.is_bound and form.is_valid():
            changes = form.changes()
            if not changes:
                form.add_error(None, "没有填写任何要修改的内容。")
            else:
                edits = [self.edit_of(row, changes) for row in rows]
                refused = [bulk_refusal(edit) for edit in edits if not edit.is_valid()]
                if refused:
                    form.add_error(None, f"{len(refused)}条记录改后不符合要求，未修改任何记录：")
                for message in refused[:BULK_ERRORS_SHOWN]:
                    form.add_error(None, message)
                if not refused and self.save_all(edits):
                    messages.success(self.request, f"已批量修改{len(rows)}条记录。")
                    return redirect(self.return_url())
                if not refused:
                    form.add_error(None, "修改后的记录将不在您的管辖范围内，未修改任何记录。")
        return self.render(rows=rows, form=form, return_url=self.return_url())

    def edit_of(self, row: models.Model, changes: dict[str, Any]) -> forms.BaseForm:
        """The ledger's single edit form for the row, filled with its stored values and the
        bulk changes: a bulk edit passes exactly the checks a single edit passes (the form's
        own, the model's, the date rules, the closed years)."""
        blank = self.edit_form(instance=row, user=self.request.user)
        data = {name: blank[name].value() for name in blank.fields}
        for name, value in changes.items():
            data[name] = value.pk if isinstance(value, models.Model) else value
        data = {name: value for name, value in data.items() if value is not None}
        return self.edit_form(data, instance=row, user=self.request.user)

    def save_all(self, edits: list[forms.BaseForm]) -> bool:
        """Save every row, all or none; False when a saved row would leave the user's scope."""
        try:
            with transaction.atomic():
                for edit in edits:
                    edit.instance._change_reason = "批量修改"
                    obj = edit.save()
                    if not self.scoped().filter(pk=obj.pk).exists():
                        raise PermissionsViolation
        except PermissionsViolation:
            return False
        return True


BULK_ERRORS_SHOWN = 10


def bulk_refusal(edit: forms.BaseForm) -> str:
    """Why one row of a bulk edit may not be saved, in one sentence with the field names."""
    reasons = []
    for name, errors in edit.errors.items():
        label = edit.fields[name].label if name in edit.fields else ""
        reasons += [f"{label}：{e}" if label else e for e in errors]
    return f"“{edit.instance}”：{'；'.join(dict.fromkeys(reasons))}"


class BulkDeleteView(BulkView):
    """Delete the selected rows after confirmation. Sets: queryset."""

    action = "delete"
    generic_template = "bulk_delete"

    def handle(self, rows: list[models.Model]) -> HttpResponse:
        if "_confirm" not in self.request.POST:
            return self.render(rows=rows, return_url=self.return_url())
        try:
            with transaction.atomic():
                for row in rows:
                    row._change_reason = "批量删除"
                    row.delete()
        except ProtectedError as exc:
            kinds = sorted({str(o._meta.verbose_name) for o in exc.protected_objects})
            messages.error(
                self.request,
                f"所选记录中有仍被{'、'.join(kinds)}引用的，未删除任何记录。",
            )
            return redirect(self.return_url())
        except ValidationError as exc:
            messages.error(
                self.request, f"所选记录中有不能删除的，未删除任何记录：{'；'.join(exc.messages)}"
            )
            return redirect(self.return_url())
        messages.success(self.request, f"已删除{len(rows)}条记录。")
        return redirect(self.return_url())


class ExportView(FilteredMixin, BaseObjectView):
    """Stream exactly the filtered rows to .xlsx. Sets: queryset, filterset, importer."""

    importer: type[LedgerImporter]

    def get(self, request: HttpRequest) -> FileResponse:
        _, queryset = self.filtered()
        importer = self.importer(request.user)
        headers = [c.header for c in importer.columns]
        # Personal data leaves masked for roles that may not edit it (read-only users).
        masks = [
            (i, mask) for i, c in enumerate(importer.columns) if (mask := self.maskers().get(c.key))
        ]
        written = 0

        def rows():
            nonlocal written
            for obj in queryset.iterator(chunk_size=2000):
                row = importer.export_row(obj)
                for i, mask in masks:
                    row[i] = mask(row[i]) if row[i] else row[i]
                written += 1
                yield row

        label = self.model._meta.verbose_name
        out = write_xlsx(headers, rows(), sheet_name=str(label))
        if any(c.key in PERSONAL_MASKS for c in importer.columns):
            ExportLog.objects.create(
                user=request.user,
                union_path=user_scope_path(request.user) or "",
                ledger=str(label),
                filters=unquote_plus(request.GET.urlencode())[:1000],
                rows=written,
                masked=bool(masks),
            )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(out, f"{label}-{stamp}.xlsx")


class ImportTemplateView(BaseObjectView):
    """The blank import template: the importer's headers and one example row."""

    importer: type[LedgerImporter]

    def get(self, request: HttpRequest) -> FileResponse:
        importer = self.importer(request.user)
        out = write_template(importer.template(), name="本模板")
        return xlsx_response(out, f"{importer.label}导入模板.xlsx")


def xlsx_response(out, filename: str) -> FileResponse:
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


class ImportView(BaseObjectView):
    """Upload a file: it is kept through Django's storage (no process may rely on its own
    memory or disk) and checked by a background task; the user follows it on its
    ImportRecord page, sees every error or a summary, and confirms the all-or-nothing commit.
    """

    importer: type[LedgerImporter]
    generic_template = "object_import"

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require("add")
        importer = self.importer(request.user)
        mine = ImportRecord.objects.filter(user=request.user, ledger=importer.name)
        fail_stale_imports(mine)
        recent = mine[:10]
        return self.render(
            importer=importer,
            key_header=importer.key_header,
            recent=recent,
            template_url=self.url("import_template"),
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        self.require("add")
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的文件。")
            return redirect(self.url("import"))
        if upload.size > settings.IMPORT_MAX_FILE_SIZE:
            limit = settings.IMPORT_MAX_FILE_SIZE // (1024 * 1024)
            messages.error(request, f"文件“{upload.name}”超过{limit}MB，请分成几个文件导入。")
            return redirect(self.url("import"))
        try:
            kind = check_upload(upload, "import")  # by content: a renamed .docx is not a table
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect(self.url("import"))
        suffix = ".xls" if kind == OLE else SUFFIXES[kind]
        stored = default_storage.save(
            f"imports/{request.user.pk}/{uuid.uuid4().hex}{suffix}", upload
        )
        record = ImportRecord.objects.create(
            ledger=self.importer.name,
            user=request.user,
            filename=upload.name[:255],
            stored_name=stored,
            union_path=user_scope_path(request.user) or "",
        )
        run_import.enqueue(record.pk, False)
        return redirect(record)


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


def register_ledger_views(
    model: type[models.Model],
    *,
    form: type | None = None,
    bulk_edit_form: type | None = None,
    importer: type[LedgerImporter] | None = None,
    filterset: type | None = None,
    export_queryset: models.QuerySet | None = None,
    autocomplete_queryset: models.QuerySet | None = None,
    search_fields: list[str] | None = None,
    filter_fields: tuple[str, ...] = (),
    bulk_delete: bool = False,
) -> None:
    """Register the views every ledger has, from what the ledger declares.

    form → add, edit, delete, history; bulk_edit_form → bulk edit; bulk_delete → bulk delete;
    importer → import, its template, and (with filterset) the export of the filtered list;
    search_fields → the autocomplete. Lists and detail pages, which differ per ledger, are
    declared as classes in the app.
    """
    queryset = model._default_manager.all()

    def register(name: str, base: type, *, detail: bool, **attrs: Any) -> None:
        attrs = {"queryset": queryset, **attrs}
        view = type(f"{model.__name__}{base.__name__}", (base,), attrs)
        register_model_view(model, name, detail=detail)(view)

    if form is not None:
        edit = type(
            f"{model.__name__}EditView", (ObjectEditView,), {"queryset": queryset, "form": form}
        )
        register_model_view(model, "add", detail=False)(edit)
        register_model_view(model, "edit")(edit)
        register("delete", ObjectDeleteView, detail=True)
        register("history", ObjectHistoryView, detail=True)
    if bulk_edit_form is not None:
        register("bulk_edit", BulkEditView, detail=False, form=bulk_edit_form, edit_form=form)
    if bulk_delete:
        register("bulk_delete", BulkDeleteView, detail=False)
    if importer is not None:
        register("import", ImportView, detail=False, importer=importer)
        register("import_template", ImportTemplateView, detail=False, importer=importer)
        register(
            "export",
            ExportView,
            detail=False,
            importer=importer,
            filterset=filterset,
            queryset=export_queryset if export_queryset is not None else queryset,
        )
    if search_fields is not None:
        register(
            "autocomplete",
            AutocompleteView,
            detail=False,
            search_fields=search_fields,
            filter_fields=filter_fields,
            queryset=autocomplete_queryset if autocomplete_queryset is not None else queryset,
        )
