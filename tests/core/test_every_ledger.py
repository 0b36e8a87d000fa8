"""Every ledger gets the standard tests (as NetBox's ViewTestCases give every model): the
cases are read from the view registry (apps.core.registry), not from a hand-kept list, so a
ledger added later is tested by registering its views.

Each case works on county B's row of the ledger (`b_object`, the one the scoping walk uses):
county B's clerk (or the city admin, where the clerk's role may not do the action) is the user
who may; county A's clerk must not reach the row; county B's read-only user may only look,
with personal data masked.

Ledgers that need more than the generic case get it from what they declare, not a skip:
- the two logs only the city reads (ExportLog, ForeignLookup) have no row in the scoping walk:
  `b_row` records one for county B's clerk, and their users are the city admin (and, for
  scoping, a user of county A with the admin's role: the scope, not the role, hides the row);
- RosterConfirmation's list shows unions (the year's rosters): its row is county B's union;
- StandardReview's add page asks for the union first (ADD_QUERY);
- custom detail pages (ImportRecord's progress page) are checked for the row's texts, the
  generic ObjectDetailView for the row's name and every text field it lists.
"""

import datetime
import io
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import get_resolver, resolve, reverse
from django.utils.html import escape
from django.utils.http import urlencode
from python_calamine import CalamineWorkbook

from apps.accounts.roles import CITY_ADMIN, READ_ONLY
from apps.core.models import ExportLog, ForeignLookup
from apps.core.registry import DEFAULT_PATHS, has_model_view, model_url_name
from apps.core.validators import PERSONAL_MASKS, make_id_number
from apps.core.views import ObjectDetailView
from tests.conftest import make_user
from tests.core.test_scoping_every_url import OTHER_COUNTY, b_object, visible_text

# The apps' URL modules register their views when imported: load them before the walk.
assert get_resolver().url_patterns

# The standard actions a ledger may register (registry names), in the order they are tested.
ACTIONS = (
    "list",
    "detail",
    "add",
    "edit",
    "delete",
    "bulk_edit",
    "bulk_delete",
    "import",
    "export",
    "history",
)
ROW_ACTIONS = ("detail", "edit", "delete", "history")  # registered with detail=True
# Every model with a registered generic view is a ledger.
LEDGERS = sorted(
    (m for m in apps.get_models() if any(has_model_view(m, a) for a in DEFAULT_PATHS)),
    key=lambda m: m._meta.label,
)

# Cases a ledger cannot take, each with its reason, as pytest marks (xfail(strict=True) for a
# bug of the app, skip for a case that does not apply): {(model name, case): mark}. None today.
KNOWN: dict[tuple[str, str], pytest.MarkDecorator] = {}

# Add pages that take their parent row from the query string before they show the form,
# with the query county B's row gives them: {model name: (reason, query of the row)}.
ADD_QUERY: dict[str, tuple[str, Callable]] = {
    "StandardReview": (
        "a review is of one grassroots union: without ?union= the page only asks for the union "
        "(the rules prefill every score from its ledgers)",
        lambda obj: {"union": obj.union_id},
    ),
}


def cases():
    for model in LEDGERS:
        names = [a for a in ACTIONS if has_model_view(model, a)] + ["scoping", "read_only"]
        for name in names:
            marks = KNOWN.get((model.__name__, name), ())
            yield pytest.param(model, name, id=f"{model.__name__}-{name}", marks=marks)


CASES = list(cases())


# ------------------------------------------------------------------ helpers


def url(model, action: str, obj=None) -> str:
    return reverse(model_url_name(model, action), args=[obj.pk] if obj is not None else [])


def view_class(model, action: str) -> type:
    """The class registered for the action (what it declares: importer, queryset, …)."""
    path = url(model, action, model(pk=1)) if action in ROW_ACTIONS else url(model, action)
    return resolve(path).func.view_class


def may(user, model, action: str) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def b_row(world, model):
    """County B's row of the ledger: the scoping walk's, or (for the two logs only the city
    reads, which that walk never needs) one recorded for county B's clerk."""
    owner = {"user": world.clerk_b, "union_path": world.b.county.path}
    if model is ExportLog:
        return ExportLog.objects.create(**owner, ledger="会员", rows=1, masked=False)
    if model is ForeignLookup:
        return ForeignLookup.objects.create(
            **owner, day=datetime.date(2026, 3, 1), key=make_id_number(9), source="导入"
        )
    made = b_object(world, model_url_name(model, "list"))
    return type(made).objects.get(pk=made.pk)  # as stored (1200 is kept as 1200.00)


def who_may(world, model, action: str):
    """County B's clerk if the role may do the action on the ledger, else the city admin."""
    return world.clerk_b if may(world.clerk_b, model, action) else world.admin


def county_a_viewer(world, model):
    """County A's clerk, or (for ledgers only the city may read) a user of county A with the
    city admin's role, so that the scope, not the role, is what hides county B's rows."""
    if may(world.clerk_a, model, "view"):
        return world.clerk_a
    return make_user("admin_a", CITY_ADMIN, world.a.county)


def html(response) -> str:
    return response.content.decode()


def listed(response) -> set[tuple[type, int]]:
    """The rows a list page shows (its table's current page)."""
    return {(type(row.record), row.record.pk) for row in response.context["table"].page.object_list}


def xlsx_rows(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats"), response[
        "Content-Type"
    ]
    assert ".xlsx" in response["Content-Disposition"]
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return book.get_sheet_by_name(book.sheet_names[0]).to_python()


def template_headers(client, model) -> list[str]:
    """The import template's header row, required columns' `*` dropped."""
    rows = xlsx_rows(client.get(url(model, "import_template")))
    return [str(h).removesuffix("*") for h in rows[0] if h != ""]


def history_count(obj) -> int:
    return obj.history.count() if hasattr(obj, "history") else 0


def secrets() -> set[str]:
    """Every ID number and mobile stored in any model (as test_personal_data_masked)."""
    found = set()
    for model in apps.get_models():
        for name in {f.name for f in model._meta.concrete_fields} & set(PERSONAL_MASKS):
            found |= set(
                model.objects.exclude(**{f"{name}__isnull": True})
                .exclude(**{name: ""})
                .values_list(name, flat=True)
            )
    return found


class FormControls(HTMLParser):
    """What a page's form controls show, by name: input values, checked boxes, selected
    options, textarea texts (entities decoded)."""

    def __init__(self, page: str):
        super().__init__()
        self.values: dict[str, list[str]] = defaultdict(list)
        self._select = self._textarea = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") != "file":
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.values[name].append(attrs.get("value") or "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name].append("")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += data


def same(value) -> str:
    """A value as one string, whatever form it takes (a row, its pk, 1200 or 1200.00)."""
    if isinstance(value, models.Model):
        value = value.pk
    if isinstance(value, Decimal):
        value = value.normalize()
    if isinstance(value, list | tuple | set | models.QuerySet):
        return repr(sorted(same(v) for v in value))
    return str(value).strip()


def shown_differently(form, obj, page: str) -> tuple[int, list]:
    """How many of the row's stored values the edit page shows, and those it shows wrong:
    each control's value is read back through its form field, as a submit would."""
    shown = FormControls(page).values
    compared, wrong = 0, []
    for name, field in form.fields.items():
        try:
            stored = obj._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field (a reason, a confirmation)
            continue
        if not stored.concrete or isinstance(stored, models.FileField):
            continue
        value = stored.value_from_object(obj)
        if value in (None, "", []) or isinstance(value, bool):
            if isinstance(value, bool) and isinstance(field.widget, forms.CheckboxInput):
                compared += 1
                if (form[name].html_name in shown) != value:
                    wrong.append((name, value, shown.get(form[name].html_name)))
            continue
        values = shown.get(form[name].html_name)
        if not values:
            wrong.append((name, value, None))
            continue
        typed = field.to_python(values if len(values) > 1 else values[0])
        compared += 1
        if same(typed) != same(value):
            wrong.append((name, value, values))
    return compared, wrong


def form_errors(response) -> list[str]:
    form = response.context["form"]
    return [str(e) for errors in form.errors.values() for e in errors]


# ------------------------------------------------------------------ the cases


def check_list(client, world, model, obj):
    client.force_login(who_may(world, model, "view"))
    response = client.get(url(model, "list"))
    assert response.status_code == 200
    assert (type(obj), obj.pk) in listed(response)


def check_detail(client, world, model, obj):
    client.force_login(who_may(world, model, "view"))
    response = client.get(url(model, "detail", obj))
    assert response.status_code == 200
    assert response.context["object"].pk == obj.pk
    page = html(response)
    if issubclass(view_class(model, "detail"), ObjectDetailView):  # the generic page
        assert escape(str(obj)) in page
        texts = [v for _, v in response.context["field_rows"] if isinstance(v, str)]
        assert [v for v in texts if escape(v) not in page] == []
    else:  # a page of its own (an import's progress): it names the row by its texts
        texts = [
            getattr(obj, f.attname)
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField) and getattr(obj, f.attname)
        ]
        assert any(escape(v) in page for v in texts), texts


def check_add(client, world, model, obj):
    client.force_login(who_may(world, model, "add"))
    target = url(model, "add")
    if model.__name__ in ADD_QUERY:
        target += "?" + urlencode(ADD_QUERY[model.__name__][1](obj))
    response = client.get(target)
    assert response.status_code == 200
    assert "form" in response.context and not response.context["form"].is_bound
    before = model.objects.count(), history_count(obj)
    response = client.post(target, {})
    assert response.status_code == 200
    errors = form_errors(response)
    assert errors, "an empty form was accepted"
    assert any(escape(e) in html(response) for e in errors), errors
    assert (model.objects.count(), history_count(obj)) == before


def check_edit(client, world, model, obj):
    client.force_login(who_may(world, model, "change"))
    response = client.get(url(model, "edit", obj))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.instance.pk == obj.pk
    compared, wrong = shown_differently(form, obj, html(response))
    assert compared, "the form shows none of the row's values"
    assert wrong == []


def check_delete(client, world, model, obj):
    client.force_login(who_may(world, model, "delete"))
    response = client.get(url(model, "delete", obj))
    assert response.status_code == 200
    assert escape(str(obj)) in html(response)
    response = client.post(url(model, "delete", obj), follow=True)
    assert response.status_code == 200
    page = html(response)
    if model.objects.filter(pk=obj.pk).exists():
        assert "不能删除" in page, "the row stayed without a word why"
    else:
        assert "已删除" in page


def check_bulk_edit(client, world, model, obj):
    client.force_login(who_may(world, model, "change"))
    target = url(model, "bulk_edit")
    response = client.post(target, {})
    assert response.status_code == 302
    response = client.post(target, {"pk": [obj.pk]})
    assert response.status_code == 200
    assert escape(str(obj)) in html(response)
    assert not response.context["form"].is_bound
    before = history_count(obj)
    response = client.post(target, {"pk": [obj.pk], "_apply": "1"})
    assert response.status_code == 200
    assert "没有填写任何要修改的内容" in html(response)
    assert history_count(obj) == before


def check_bulk_delete(client, world, model, obj):
    client.force_login(who_may(world, model, "delete"))
    target = url(model, "bulk_delete")
    response = client.post(target, {"pk": [obj.pk]})
    assert response.status_code == 200
    assert escape(str(obj)) in html(response)
    assert model.objects.filter(pk=obj.pk).exists()
    response = client.post(target, {"pk": [obj.pk], "_confirm": "1"}, follow=True)
    assert response.status_code == 200
    page = html(response)
    if model.objects.filter(pk=obj.pk).exists():
        assert "未删除任何记录" in page, "the rows stayed without a word why"
    else:
        assert "已删除1条记录" in page


def check_import(client, world, model, obj):
    client.force_login(who_may(world, model, "add"))
    response = client.get(url(model, "import"))
    assert response.status_code == 200
    template = url(model, "import_template")
    assert f'href="{template}"' in html(response)
    headers = template_headers(client, model)
    importer = view_class(model, "import").importer
    assert headers == [c.header for c in importer(world.admin).columns]


def check_export(client, world, model, obj):
    user = who_may(world, model, "view")
    client.force_login(user)
    rows = xlsx_rows(client.get(url(model, "export")))
    if has_model_view(model, "import_template"):
        assert rows[0] == template_headers(client, model)
    else:
        importer = view_class(model, "export").importer
        assert rows[0] == [c.header for c in importer(user).columns]
    expected = view_class(model, "export").queryset.visible_to(user).count()
    assert len(rows) - 1 == expected >= 1


def check_history(client, world, model, obj):
    client.force_login(who_may(world, model, "view"))
    response = client.get(url(model, "history", obj))
    assert response.status_code == 200
    assert response.context["object"].pk == obj.pk
    assert response.context["changes"], "the row's creation is not in its history"
    assert "新增" in html(response)


def check_scoping(client, world, model, obj):
    """County A's user answers 404 on county B's row and never sees it in a list or export."""
    client.force_login(county_a_viewer(world, model))
    for action in ROW_ACTIONS:
        if has_model_view(model, action):
            assert client.get(url(model, action, obj)).status_code == 404, action
    for action in ("edit", "delete"):
        if has_model_view(model, action):
            response = client.post(url(model, action, obj), {"name": "改名"})
            assert response.status_code == 404, action
    for action in ("bulk_edit", "bulk_delete"):
        if has_model_view(model, action):
            data = {"pk": [obj.pk], "_apply": "1", "_confirm": "1"}
            response = client.post(url(model, action), data, follow=True)
            assert "请先勾选要操作的记录" in html(response), action
    assert type(obj).objects.filter(pk=obj.pk).exists()
    if has_model_view(model, "list"):
        response = client.get(url(model, "list"))
        assert response.status_code == 200
        assert (type(obj), obj.pk) not in listed(response)
        assert OTHER_COUNTY not in html(response)
    if has_model_view(model, "export"):
        response = client.get(url(model, "export"))
        assert OTHER_COUNTY not in visible_text(response)


def check_read_only(client, world, model, obj):
    """The read-only role of county B looks, and is shown no button and refused every change;
    personal data reaches it masked."""
    reader = make_user("reader_b", READ_ONLY, world.b.county)
    for name in {f.name for f in type(obj)._meta.concrete_fields} & {"mobile"}:
        type(obj).objects.filter(pk=obj.pk).update(**{name: "13912345678"})
    hidden = secrets()
    buttons = [url(model, a) for a in ("add", "import") if has_model_view(model, a)]
    if has_model_view(model, "list") and buttons and may(world.admin, model, "add"):
        client.force_login(world.admin)  # the buttons are there for a role that may add
        page = html(client.get(url(model, "list")))
        assert all(f'href="{b}' in page for b in buttons), buttons
    client.force_login(reader)
    if has_model_view(model, "list"):
        response = client.get(url(model, "list"))
        if not may(reader, model, "view"):
            assert response.status_code == 403
            return
        assert response.status_code == 200
        page = html(response)
        assert [b for b in buttons if f'href="{b}' in page] == []
    for action in ("add", "import"):
        if has_model_view(model, action):
            assert client.get(url(model, action)).status_code == 403, action
    for action in ("edit", "delete"):
        if has_model_view(model, action):
            assert client.get(url(model, action, obj)).status_code == 403, action
            assert client.post(url(model, action, obj), {}).status_code == 403, action
    for action in ("bulk_edit", "bulk_delete"):
        if has_model_view(model, action):
            data = {"pk": [obj.pk], "_apply": "1", "_confirm": "1"}
            assert client.post(url(model, action), data).status_code == 403, action
    assert type(obj).objects.filter(pk=obj.pk).exists()
    for action in ("detail", "history"):
        if has_model_view(model, action):
            response = client.get(url(model, action, obj))
            assert response.status_code == 200, action
            shown = html(response)
            assert [s for s in hidden if s in shown] == [], action
    if has_model_view(model, "export"):
        text = visible_text(client.get(url(model, "export")))
        assert [s for s in hidden if s in text] == []
        client.force_login(world.clerk_b)  # the clerk's export of the same rows is whole
        whole = visible_text(client.get(url(model, "export")))
        if any(s in whole for s in hidden):
            assert ExportLog.objects.filter(user=reader, masked=True).exists()


CHECKS: dict[str, Callable] = {
    "list": check_list,
    "detail": check_detail,
    "add": check_add,
    "edit": check_edit,
    "delete": check_delete,
    "bulk_edit": check_bulk_edit,
    "bulk_delete": check_bulk_delete,
    "import": check_import,
    "export": check_export,
    "history": check_history,
    "scoping": check_scoping,
    "read_only": check_read_only,
}


def test_every_ledger_is_walked():
    names = {m.__name__ for m in LEDGERS}
    assert {"Union", "Employer", "Member", "Cadre", "Position", "Assistant"} <= names
    assert len(CASES) >= 100


@pytest.mark.parametrize(("model", "case"), CASES)
def test_ledger(client, world, model, case):
    CHECKS[case](client, world, model, b_row(world, model))
