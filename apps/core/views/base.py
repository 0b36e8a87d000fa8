"""The base of the generic ledger views: scoping, permissions, templates, masking.

Every view gets its rows from `queryset.visible_to(request.user)`: a row outside the user's
scope answers 404; a row in scope that the user's role may not change answers 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import select_template
from django.urls import NoReverseMatch, reverse
from django.views import View

from ..params import url_param
from ..registry import model_url_name
from ..validators import PERSONAL_MASKS

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
