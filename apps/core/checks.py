"""A system check of the ledgers' views: what a ledger declares, it must have in full.

A page shows a button only when the view behind it has a URL (`BaseObjectView.url()` answers
None otherwise, and the template leaves the button out), so a view registered under a wrong
action name, forgotten in `urls.py`, or never written makes its button vanish without an
error. `manage.py check` (and so `runserver`, `migrate`, the test suite) fails instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.core.checks import Error, Tags, register
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.urls import NoReverseMatch, URLResolver, get_resolver

from .registry import model_url_name, registered_views

# Views whose button lives on the list page, so a model that has them needs its list.
LIST_ACTIONS = ("import", "export", "bulk_edit", "bulk_delete")


@register(Tags.urls)
def check_model_views(app_configs=None, **kwargs) -> list[Error]:
    """Every model's registered views (`register_model_view`) are consistent:

    - core.E101  every registered view has its URL: `<app>:<model>_<action>` reverses
      (the app's urls.py has `*model_urls(app, prefix, model_name)`), and no action is
      registered twice for one model;
    - core.E102  a row that can be edited can be deleted and its changes read: `edit`
      comes with `delete` and `history` (the detail page's 删除 and 全部变更), and the model
      has `get_absolute_url` (where add / edit return after saving);
    - core.E103  an import comes with its template and its export, all three with the
      same importer: the import page links to the template, and an exported file has the
      import's columns, so it imports back;
    - core.E104  the import, export and bulk buttons live on the list page: a model with
      any of them has its `list`;
    - core.E105  a bulk edit checks every row with the single edit form: `bulk_edit` comes
      with `edit`, and its `edit_form` is the edit view's `form`;
    - core.E106  what a list's table links to exists: an `EditColumn` / `LinkColumn` names
      a URL that reverses, and a `linkify=True` column reaches a model whose
      `get_absolute_url` reverses (its detail page is registered).
    """
    # Reading the URL configuration imports every app's views, which registers them.
    names = set(_url_names(get_resolver().url_patterns))
    return list(model_view_errors(registered_views(), names))


def _url_names(patterns, namespace: str = "") -> Iterable[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def model_view_errors(
    registered: dict[type[Model], list[tuple[str, bool, type]]], url_names: set[str]
) -> Iterable[Error]:
    """The errors of `registered` ({model: [(action, detail, view class)]}) against the
    project's URL names (`<namespace>:<name>`)."""
    for model, entries in registered.items():
        label = model._meta.label
        views = {name: (detail, view) for name, detail, view in entries}
        for name, count in Counter(name for name, _, _ in entries).items():
            if count > 1:
                yield Error(
                    f"{label}: the view “{name}” is registered {count} times.", id="core.E101"
                )
        for name, (_, view) in views.items():
            if model_url_name(model, name) not in url_names:
                yield Error(
                    f"{label}: {view.__qualname__} (“{name}”) has no URL "
                    f"“{model_url_name(model, name)}”; its buttons would not show.",
                    hint=f"Add *model_urls(...) for {model._meta.model_name} to the app's urls.py.",
                    obj=view,
                    id="core.E101",
                )
        yield from _edit_errors(model, views)
        yield from _import_errors(model, views)
        for name in LIST_ACTIONS:
            if name in views and "list" not in views:
                yield Error(
                    f"{label}: “{name}” is registered but the list, where its button is, is not.",
                    obj=views[name][1],
                    id="core.E104",
                )
        yield from _bulk_edit_errors(model, views)
        if "list" in views:
            yield from _table_errors(model, views["list"][1], url_names)


def _edit_errors(model: type[Model], views: dict) -> Iterable[Error]:
    label = model._meta.label
    if "edit" in views:
        missing = [name for name in ("delete", "history") if name not in views]
        if missing:
            yield Error(
                f"{label}: an edit view without {' and '.join(missing)}.",
                obj=views["edit"][1],
                id="core.E102",
            )
    if ("edit" in views or "add" in views) and not hasattr(model, "get_absolute_url"):
        yield Error(
            f"{label}: add / edit views return to get_absolute_url(), which the model lacks.",
            id="core.E102",
        )


def _import_errors(model: type[Model], views: dict) -> Iterable[Error]:
    if "import" not in views:
        return
    label = model._meta.label
    importer = getattr(views["import"][1], "importer", None)
    for name in ("import_template", "export"):
        if name not in views:
            yield Error(
                f"{label}: an import without its “{name}” view.",
                obj=views["import"][1],
                id="core.E103",
            )
        elif getattr(views[name][1], "importer", None) is not importer:
            yield Error(
                f"{label}: “{name}” uses another importer than the import ({importer}).",
                obj=views[name][1],
                id="core.E103",
            )


def _bulk_edit_errors(model: type[Model], views: dict) -> Iterable[Error]:
    if "bulk_edit" not in views:
        return
    label = model._meta.label
    bulk = views["bulk_edit"][1]
    if "edit" not in views:
        yield Error(f"{label}: a bulk edit without the edit view.", obj=bulk, id="core.E105")
        return
    form = getattr(views["edit"][1], "form", None)
    if form is not None and getattr(bulk, "edit_form", None) is not form:
        yield Error(
            f"{label}: the bulk edit checks rows with {getattr(bulk, 'edit_form', None)}, "
            f"not the edit view's form {form}.",
            obj=bulk,
            id="core.E105",
        )


def _table_errors(model: type[Model], list_view: type, url_names: set[str]) -> Iterable[Error]:
    table = getattr(list_view, "table", None)
    if table is None:
        return
    row_model = getattr(table._meta, "model", None) or model
    for name, column in table.base_columns.items():
        link = getattr(column, "link", None)
        if link is None or callable(link.url):
            continue  # no link, or a link the table computes itself
        viewname = link.reverse_args.get("viewname")
        if viewname is not None:
            if viewname not in url_names:
                yield Error(
                    f"{table.__qualname__}.{name} links to “{viewname}”, which has no URL.",
                    obj=table,
                    id="core.E106",
                )
            continue
        target = _linked_model(row_model, str(column.accessor or name))
        if target is None:
            continue
        if not hasattr(target, "get_absolute_url"):
            yield Error(
                f"{table.__qualname__}.{name} links to {target._meta.label} rows, which have "
                "no get_absolute_url().",
                obj=table,
                id="core.E106",
            )
            continue
        try:
            target(pk=1).get_absolute_url()
        except NoReverseMatch as exc:
            if _unknown_name(exc):
                yield Error(
                    f"{table.__qualname__}.{name} links to {target._meta.label} rows, whose "
                    f"page is not registered ({exc}).",
                    obj=table,
                    id="core.E106",
                )
        except Exception:  # noqa: BLE001, S110 - a URL taken from a related row: not knowable here
            pass


def _unknown_name(exc: NoReverseMatch) -> bool:
    """The URL name (or its namespace) does not exist — not merely arguments that a blank
    row cannot fill (`Model(pk=1)` has no year or related rows)."""
    message = str(exc)
    return "not a valid view function or pattern name" in message or (
        "is not a registered namespace" in message
    )


def _linked_model(row_model: type[Model], accessor: str) -> type[Model] | None:
    """The model whose get_absolute_url a `linkify=True` column calls: the related row its
    accessor reaches, else the table's own row (django-tables2 falls back to the record)."""
    model = row_model
    for part in accessor.replace(".", "__").split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None  # an annotation or a property: the column's own business
        if not (field.is_relation and field.related_model):
            return row_model
        model = field.related_model
    return model
