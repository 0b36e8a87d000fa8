"""Bulk actions on the rows ticked in a list: bulk edit (each row passing the single form)
and bulk delete."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from .base import BULK_MAX, BaseObjectView, PermissionsViolation


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
