"""No message reveals anything outside the user's scope. Every registered importer is given a
file whose rows carry county B's keys (its own export of B's row, every other cell made county
A's), and every form that takes a person's key is posted with B's keys, as county A's clerk:
nothing of B's rows — every B row carries the name 荆州区 — appears in the answer, and the
out-of-scope hits are logged for the city. A ledger added later is walked without listing it."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from apps.core.exchange.engine import LedgerImporter
from apps.core.models import ForeignLookup
from tests.core.test_scoping_every_url import OTHER_COUNTY, b_object
from tests.unions.files import xlsx

IMPORTERS = sorted(LedgerImporter.registry.items())


def as_county_a(value):
    """A cell of B's exported row, made county A's: only B's keys stay (they carry no name)."""
    if isinstance(value, str):
        return value.replace("荆州区", "沙市区").replace("西城街道", "中山街道")
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def answer_text(result) -> str:
    parts = [*result.errors, *result.conflicts, *result.notes, *result.changes]
    return " ".join(repr(p) for p in parts)


@pytest.mark.parametrize("name,importer", IMPORTERS, ids=[n for n, _ in IMPORTERS])
def test_an_import_of_another_countys_keys_tells_nothing_of_them(world, name, importer):
    model = importer.model
    row = b_object(world, f"{model._meta.app_label}:{model._meta.model_name}_detail")
    reader = importer(world.clerk_a)
    cells = [as_county_a(v) for v in reader.export_row(row)]
    assert OTHER_COUNTY not in " ".join(str(c) for c in cells)
    file = xlsx([[c.header for c in importer.columns], cells])
    result = importer(world.clerk_a).run(file, file.name, commit=False)
    assert OTHER_COUNTY not in answer_text(result), answer_text(result)


def test_forms_that_take_a_persons_key_tell_nothing_of_another_countys(client_a, world):
    b_member = world.b.member
    pages = [
        client_a.post(
            "/members/members/add/",
            {
                "name": "测试",
                "id_number": b_member.id_number,
                "union": world.a.union.pk,
                "joined_on": "2021-01-01",
            },
        ),
        client_a.post(
            "/members/transfers/add/",
            {
                "id_number": b_member.id_number,
                "to_union": world.a.union.pk,
                "on": timezone.localdate().isoformat(),
            },
        ),
    ]
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        assert OTHER_COUNTY not in text and b_member.name not in text
    assert ForeignLookup.objects.filter(user=world.clerk_a, key=b_member.id_number).count() == 1


def test_the_day_s_bound_stops_the_answers_and_tells_the_city(client, client_a, world, settings):
    settings.FOREIGN_LOOKUPS_PER_DAY = 1
    member_model = apps.get_model("members", "Member")
    from tests.unions.factories import member

    second = member(world.b.union, seq=81, name="荆州区乙")
    client_a.post(
        "/members/transfers/add/",
        {"id_number": world.b.member.id_number, "to_union": world.a.union.pk},
    )
    page = client_a.post(
        "/members/transfers/add/", {"id_number": second.id_number, "to_union": world.a.union.pk}
    )
    assert "今日查询其他单位人员已达上限（1人）" in page.content.decode()
    assert member_model.objects.get(pk=second.pk).union == world.b.union
    client.force_login(world.admin)
    log = client.get("/foreign-lookups/").content.decode()
    assert second.id_number in log and "超出每日上限" in log
    client.force_login(world.clerk_b)
    assert client.get("/foreign-lookups/").status_code == 403
