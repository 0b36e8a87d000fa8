"""Personal data (身份证号, 手机号) is declared once (core.validators.PERSONAL_MASKS, by name)
and masked everywhere a read-only user looks: every list, export, detail and history page of
the project is walked as county A's 只读 user, and no full ID number or mobile of any stored
row appears; every export that carries such a column is logged."""

import datetime

import pytest
from django.apps import apps

from apps.cadres.models import Assistant, Cadre, Position
from apps.core.models import ExportLog
from apps.core.validators import make_id_number
from tests.core.test_scoping_every_url import DETAIL_ROUTES, OTHER_ROUTES, url_for, visible_text


@pytest.fixture
def personal_rows(world):
    """County A's people with ID numbers and mobiles in every ledger that keeps them."""
    union = world.a.union
    world.a.member.mobile = "13912345678"
    world.a.member.save()
    cadre = Cadre.objects.create(
        name="沙市主席", union=union, sex="male", id_number=make_id_number(71), mobile="13812345678"
    )
    Position.objects.create(cadre=cadre, union=union, role="chair", start_on=union.founded_on)
    Assistant.objects.create(
        name="沙市协理员",
        id_number=make_id_number(72),
        post=world.a.township,
        hired_on=datetime.date(2024, 1, 1),
        route=Assistant.Route.SOCIAL_WORKER,
        mobile="13712345678",
    )
    secrets = set()
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields} & {"id_number", "mobile"}
        for name in names:
            secrets |= set(
                model.objects.exclude(**{f"{name}__isnull": True})
                .exclude(**{name: ""})
                .values_list(name, flat=True)
            )
    assert len(secrets) >= 6
    return {"secrets": secrets, "rows": [world.a.member, cadre, cadre.positions.get()]}


def test_no_page_or_export_shows_a_full_id_number_or_mobile_to_the_read_only_role(
    client, world, personal_rows
):
    client.force_login(world.reader_a)
    leaks, exports = [], 0
    routes = [url_for(route) for name, route in OTHER_ROUTES if "autocomplete" not in name]
    for row in personal_rows["rows"]:
        opts = row._meta
        routes += [
            url_for(route, row.pk)
            for name, route in DETAIL_ROUTES
            if name.startswith(f"{opts.app_label}:{opts.model_name}_")
        ]
    for url in routes:
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = visible_text(response)
        exports += url.endswith("/export/")
        leaks += [(url, s) for s in personal_rows["secrets"] if s in text]
    assert exports >= 3
    assert not leaks, leaks
    logged = set(ExportLog.objects.filter(user=world.reader_a).values_list("ledger", flat=True))
    assert {"会员", "工会干部", "干部任职"} <= logged
    assert all(ExportLog.objects.filter(user=world.reader_a).values_list("masked", flat=True))
