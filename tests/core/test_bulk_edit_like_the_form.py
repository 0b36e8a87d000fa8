"""Bulk edit validates like the single form: for every registered ledger with a bulk edit, each
value its bulk form offers for a county-A row is tried through the ledger's own edit form; what
the form refuses, the bulk edit refuses with nothing written, and what it accepts goes through.
A ledger added later is walked without anyone listing it."""

import datetime

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from apps.core import registry
from apps.unions.models import Union

TODAY = timezone.localdate()


def bulk_ledgers():
    for (app_label, model_name), views in sorted(registry._views.items()):
        for name, _, _, view_class in views:
            if name == "bulk_edit":
                yield apps.get_model(app_label, model_name), view_class


BULK = list(bulk_ledgers())


def a_row(world, model):
    # The township: its own subtree offers parents the form refuses.
    rows = {"union": world.a.township, "employer": world.a.employer, "member": world.a.member}
    if model._meta.model_name == "position":
        from tests.cadres.factories import position

        return position(world.a.union, start_on=world.a.union.founded_on)
    return rows[model._meta.model_name]


def candidates(field: forms.Field, row):
    """Values a user could post for one bulk field (the row's own kin included)."""
    if isinstance(field, forms.ModelChoiceField):
        kin = [row.pk] if field.queryset.model is type(row) else []
        return kin + [obj.pk for obj in field.queryset[:40]]
    if isinstance(field, forms.NullBooleanField):
        return ["true", "false"]
    if isinstance(field, forms.ChoiceField):
        return [value for value, _ in field.choices if value not in ("", None)][:12]
    if isinstance(field, forms.DateField):
        return [
            d.isoformat()
            for d in (TODAY + datetime.timedelta(days=30), TODAY, datetime.date(1990, 1, 1))
        ]
    return []


def single_form_accepts(view_class, row, user, name, value) -> bool:
    view = view_class()
    view.request = type("Request", (), {"user": user})()
    changes = {name: view_class.form(user=user).fields[name].clean(value)}
    fresh = type(row).objects.get(pk=row.pk)
    if changes[name] in (None, ""):
        return True  # 不修改
    return view.edit_of(fresh, changes).is_valid()


def snapshot(row):
    fresh = type(row).objects.get(pk=row.pk)
    return {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}


@pytest.mark.parametrize("model,view_class", BULK, ids=lambda v: getattr(v, "__name__", ""))
def test_bulk_edit_refuses_what_the_single_form_refuses(client, world, model, view_class):
    row = a_row(world, model)
    client.force_login(world.clerk_a)
    url = reverse(registry.model_url_name(model, "bulk_edit"))
    refused = accepted = 0
    for name, field in view_class.form(user=world.clerk_a).fields.items():
        for value in candidates(field, row):
            before = snapshot(row)
            ok = single_form_accepts(view_class, row, world.clerk_a, name, value)
            client.post(url, {"pk": [row.pk], "_apply": "1", name: value})
            after = snapshot(row)
            if ok:
                accepted += 1
            else:
                refused += 1
                assert after == before, f"{model.__name__}.{name}={value!r} written"
            if after != before:  # put the row back for the next value
                type(row).objects.filter(pk=row.pk).update(
                    **{k: v for k, v in before.items() if k != "id"}
                )
    assert accepted, f"{model.__name__}: no bulk value was accepted"


def test_a_county_cannot_be_put_under_its_own_township(client, world):
    """The audit's case: a hand-made POST moved the county under its township."""
    client.force_login(world.clerk_a)
    county, township = world.a.county, world.a.township
    response = client.post(
        "/unions/unions/bulk-edit/", {"pk": [county.pk], "_apply": "1", "parent": township.pk}
    )
    county.refresh_from_db()
    assert county.parent_id == world.city.pk
    assert Union.objects.filter(path__startswith=world.city.path).count() >= 3
    assert "未修改任何记录" in response.content.decode()


def test_bulk_edit_of_a_dated_row_keeps_the_date_rules(client, world):
    client.force_login(world.clerk_a)
    from tests.cadres.factories import position

    made = position(world.a.union, start_on=world.a.union.founded_on)
    response = client.post(
        "/cadres/positions/bulk-edit/",
        {"pk": [made.pk], "_apply": "1", "end_on": "1999-01-01"},
    )
    made.refresh_from_db()
    assert made.end_on is None and "离任日期" in response.content.decode()
