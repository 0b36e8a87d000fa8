"""Views attach to models, so every ledger's URLs follow one pattern (as NetBox does).

    @register_model_view(Employer, "list", path="", detail=False)
    class EmployerListView(generic.ObjectListView): ...

    urlpatterns = [*model_urls("unions", "employers", "employer")]

gives the URL names `unions:employer_list`, `unions:employer_detail`, `unions:employer_edit`, …
"""

from collections import defaultdict

from django.apps import apps
from django.db.models import Model
from django.urls import URLPattern, include
from django.urls import path as url_path

_views: dict[tuple[str, str], list[tuple[str, str, bool, type]]] = defaultdict(list)

# Default URL path of each generic action.
DEFAULT_PATHS = {
    "list": "",
    "add": "add/",
    "import": "import/",
    "import_template": "import/template/",
    "export": "export/",
    "bulk_edit": "bulk-edit/",
    "bulk_delete": "bulk-delete/",
    "autocomplete": "autocomplete/",
    "detail": "",
    "edit": "edit/",
    "delete": "delete/",
    "history": "history/",
}


def register_model_view(
    model: type[Model], name: str, *, path: str | None = None, detail: bool = True
):
    def register(view_class: type) -> type:
        key = (model._meta.app_label, model._meta.model_name)
        url = DEFAULT_PATHS.get(name, f"{name}/") if path is None else path
        _views[key].append((name, url, detail, view_class))
        view_class.model_action = name
        return view_class

    return register


def get_model_urls(app_label: str, model_name: str, *, detail: bool) -> list[URLPattern]:
    return [
        url_path(url, view_class.as_view(), name=f"{model_name}_{name}")
        for name, url, is_detail, view_class in _views[(app_label, model_name)]
        if is_detail == detail
    ]


def model_urls(app_label: str, prefix: str, model_name: str) -> list[URLPattern]:
    """A ledger's URLs under `prefix/`: its list-level views, then `prefix/<pk>/` its row's."""
    return [
        url_path(f"{prefix}/", include(get_model_urls(app_label, model_name, detail=False))),
        url_path(
            f"{prefix}/<int:pk>/", include(get_model_urls(app_label, model_name, detail=True))
        ),
    ]


def has_model_view(model: type[Model], name: str) -> bool:
    views = _views.get((model._meta.app_label, model._meta.model_name), [])
    return any(view_name == name for view_name, *_ in views)


def registered_views() -> dict[type[Model], list[tuple[str, bool, type]]]:
    """Everything registered, by model, in order: [(action, detail, view class)] (read by
    core's system check of the ledgers' views, `apps.core.checks`)."""
    return {
        apps.get_model(app_label, model_name): [
            (name, detail, view_class) for name, _, detail, view_class in views
        ]
        for (app_label, model_name), views in _views.items()
    }


def model_url_name(model: type[Model], name: str) -> str:
    return f"{model._meta.app_label}:{model._meta.model_name}_{name}"
