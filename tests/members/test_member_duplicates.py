"""会员核查 · 疑似重复: members on the rolls with the same name and birth date but another ID
number (likely one person entered twice with a mistyped number), in the user's scope, with
links to both records."""

import datetime
import importlib
import re

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core.validators import make_id_number, mask_id_number
from apps.members.importers import MemberImporter
from apps.members.models import Member
from apps.members.services import change_status, enroll
from tests.unions.files import xlsx

DUPLICATES = "/members/checks/duplicates/"
BORN = datetime.date(1979, 6, 15)


def person(union, seq, name="周建华", *, born=BORN, region="421002"):
    number = make_id_number(seq, region=region, birth=born)
    return enroll(Member(name=name, id_number=number), union, datetime.date(2020, 1, 1), actor=None)


def listed(html: str) -> set[str]:
    """The masked ID numbers in the list's own ID column (first cell after the name)."""
    return set(re.findall(r"\d{4}\*{10}[\dX]{4}", html))


def tab_count(html: str) -> int:
    match = re.search(r"疑似重复 <span[^>]*>(\d+)</span>", html)
    assert match, "the 疑似重复 tab with its count"
    return int(match[1])


def test_same_name_and_birth_date_under_two_id_numbers_are_listed_with_links(client_a, world):
    first = person(world.a.union, 10)
    second = person(world.a.joint, 11)  # the same person typed again, one digit off
    response = client_a.get(DUPLICATES)
    html = response.content.decode()
    assert response.status_code == 200
    assert tab_count(html) == 2
    assert {first.masked_id_number, second.masked_id_number} <= listed(html)
    # Each row links to the other record, and offers 核对修改 on its own.
    assert f'href="{second.get_absolute_url()}"' in html
    assert f'href="{first.get_absolute_url()}"' in html
    assert f"/members/members/{first.pk}/edit/?return_url=" in html
    assert f"/members/members/{second.pk}/edit/?return_url=" in html
    assert first.id_number not in html and second.id_number not in html  # masked in lists


def test_other_name_other_birth_date_or_off_the_rolls_are_not_listed(client_a, world):
    person(world.a.union, 20)
    person(world.a.union, 21, name="周建军")  # same birth date, other name
    person(world.a.union, 22, born=datetime.date(1979, 6, 16))  # same name, next day
    left = person(world.a.joint, 23, name="吴海燕")
    person(world.a.union, 24, name="吴海燕")
    change_status(
        left, "withdrawn", on=datetime.date(2020, 1, 1), reason="本人申请", actor=world.clerk_a
    )
    html = client_a.get(DUPLICATES).content.decode()
    assert tab_count(html) == 0
    assert "周建华" not in html and "吴海燕" not in html


def test_retained_members_are_on_the_rolls(client_a, world):
    kept = person(world.a.union, 30)
    person(world.a.joint, 31)
    change_status(
        kept, "retained", on=datetime.date(2024, 1, 1), reason="退休", actor=world.clerk_a
    )
    assert tab_count(client_a.get(DUPLICATES).content.decode()) == 2


def test_a_namesake_in_another_county_is_counted_not_shown(client, world):
    own = person(world.a.union, 40)
    other = person(world.b.union, 41, region="421003")
    client.force_login(world.clerk_a)
    html = client.get(DUPLICATES).content.decode()
    assert tab_count(html) == 1
    assert own.masked_id_number in html and other.masked_id_number not in html
    assert "管辖范围外另有1人" in html
    assert "荆州区" not in html and other.get_absolute_url() not in html
    # County B sees its own record the same way; the city sees both, linked to each other.
    client.force_login(world.clerk_b)
    html = client.get(DUPLICATES).content.decode()
    assert other.masked_id_number in html and own.masked_id_number not in html
    client.force_login(world.admin)
    html = client.get(DUPLICATES).content.decode()
    assert tab_count(html) == 2 and "管辖范围外" not in html
    assert f'href="{own.get_absolute_url()}"' in html
    assert f'href="{other.get_absolute_url()}"' in html


def test_read_only_user_sees_the_list_without_the_edit_action(client, world):
    first = person(world.a.union, 50)
    person(world.a.joint, 51)
    client.force_login(world.reader_a)
    html = client.get(DUPLICATES).content.decode()
    assert tab_count(html) == 2
    assert f"/members/members/{first.pk}/edit/" not in html


def test_tab_is_counted_on_every_check_page(client_a, world):
    person(world.a.union, 60)
    person(world.a.joint, 61)
    for url in ("/members/checks/", "/members/checks/lost/", "/members/checks/roster/"):
        assert tab_count(client_a.get(url).content.decode()) == 2


def test_search_narrows_the_list(client_a, world):
    person(world.a.union, 70)
    person(world.a.joint, 71)
    person(world.a.union, 72, name="吴海燕")
    person(world.a.joint, 73, name="吴海燕")
    html = client_a.get(DUPLICATES + "?q=吴海燕").content.decode()
    assert "吴海燕" in html and "周建华" not in html


def test_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    client.force_login(world.admin)
    for seq in (80, 81):
        person(world.a.union, seq)
    person(world.b.union, 82, region="421003")
    with CaptureQueriesContext(connection) as few:
        client.get(DUPLICATES)
    for seq in range(83, 110):
        person(world.a.union if seq % 2 else world.b.union, seq, name=f"会员{seq % 5}")
    with django_assert_max_num_queries(len(few)):
        html = client.get(DUPLICATES + "?per_page=50").content.decode()
    assert tab_count(html) == 3 + 27
    assert mask_id_number(make_id_number(109, birth=BORN)) in html


# ------------------------------------------------------------------ the flag follows the writes


def flagged() -> set[int]:
    return set(Member.objects.filter(namesake=True).values_list("pk", flat=True))


def test_correcting_a_name_on_the_edit_page_clears_the_pair(client_a, world):
    first, second = person(world.a.union, 90), person(world.a.joint, 91)
    assert flagged() == {first.pk, second.pk}
    data = {
        "name": "周建新",
        "id_number": second.id_number,
        "ethnicity": "汉族",
        "political_status": "masses",
        "employment_form": "contract",
    }
    response = client_a.post(f"/members/members/{second.pk}/edit/", data)
    assert response.status_code == 302
    assert flagged() == set()
    data["name"] = "周建华"  # and back: the pair is found again
    client_a.post(f"/members/members/{second.pk}/edit/", data)
    assert flagged() == {first.pk, second.pk}


def test_importing_the_same_person_under_a_mistyped_number_flags_both(world):
    first = person(world.a.union, 92)
    typo = make_id_number(93, region="421002", birth=BORN)
    rows = [
        ["姓名", "身份证号码", "所在工会", "入会时间"],
        [first.name, typo, world.a.joint.name, "2019-04-01"],
    ]
    result = MemberImporter(world.clerk_a).run(xlsx(rows), "花名册.xlsx", commit=True)
    assert (result.errors, result.created) == ([], 1)
    assert flagged() == {first.pk, Member.objects.get(id_number=typo).pk}


def test_readmission_by_import_and_deletion_move_the_flag(world):
    first, second = person(world.a.union, 94), person(world.a.joint, 95)
    change_status(
        second, "withdrawn", on=datetime.date(2020, 1, 1), reason="本人申请", actor=world.clerk_a
    )
    assert flagged() == set()
    rows = [
        ["姓名", "身份证号码", "所在工会", "入会时间"],
        [second.name, second.id_number, world.a.joint.name, "2021-03-01"],
    ]
    result = MemberImporter(world.clerk_a).run(xlsx(rows), "补录.xlsx", commit=True)
    assert (result.errors, result.updated) == ([], 1)
    assert flagged() == {first.pk, second.pk}
    Member.objects.get(pk=second.pk).delete()
    assert flagged() == set()


def test_migration_flags_the_members_already_there(world):
    first, second = person(world.a.union, 96), person(world.b.union, 97, region="421003")
    Member.objects.update(namesake=False)
    migration = importlib.import_module("apps.members.migrations.0008_member_namesake")
    migration.fill(apps, None)
    assert flagged() == {first.pk, second.pk}


def test_deleting_members_in_the_admin_unflags_the_namesake_left(client, world):
    first, second = person(world.a.union, 98), person(world.a.joint, 99)
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)
    response = client.post(
        "/admin/members/member/",
        {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Member.objects.filter(pk=second.pk).exists()
    assert flagged() == set() and Member.objects.filter(pk=first.pk).exists()
