"""教育培训: courses, attendees from the cadres' ledger (one by one or from the Excel sign-in
list, all or nothing, never outside the organizer's scope) and each county's year."""

import datetime

import pytest
from django.utils import timezone

from apps.cadres.models import Attendance, Cadre, TrainingCourse
from apps.cadres.rules import MIN_COURSES
from apps.core.models import ForeignLookup
from apps.core.validators import make_id_number
from apps.unions.models import YearlyParameter
from tests.unions.files import csv_file, xlsx

YEAR = timezone.localdate().year
SIGN_IN = ["序号", "姓名", "身份证号", "手机号", "工作单位"]


def cadre(union, seq, name, *, mobile=""):
    region = "421003" if union.name.startswith(("荆州区", "西城")) else "421002"
    return Cadre.objects.create(
        name=name, id_number=make_id_number(seq, region=region), mobile=mobile, union=union
    )


def course(organizer, name="新任工会干部培训班", *, starts_on=None, **kwargs):
    starts_on = starts_on or datetime.date(YEAR, 3, 10)
    return TrainingCourse.objects.create(
        name=name,
        organizer=organizer,
        kind=kwargs.pop("kind", "new_cadres"),
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=2),
        place="职工服务中心",
        hours=16,
        **kwargs,
    )


def sign_in(client, course_, file):
    return client.post(f"/cadres/training/{course_.pk}/sign-in/", {"file": file})


# ------------------------------------------------------------------ courses


def test_course_dates_hours_and_organizer_are_checked(client_a, world):
    data = {
        "name": "乡镇工会主席培训班",
        "organizer": world.a.township.pk,
        "kind": "township_chairs",
        "starts_on": f"{YEAR}-05-10",
        "ends_on": f"{YEAR}-05-08",
        "place": "沙市区职工之家",
        "hours": "0",
    }
    page = client_a.post("/cadres/training/add/", data).content.decode()
    assert "不能早于开班日期" in page and "学时应大于0" in page
    assert "乡镇工会主席培训班" in page  # kept
    assert not TrainingCourse.objects.exists()
    data.update(organizer=world.a.county.pk, ends_on=f"{YEAR}-05-11", hours="12")
    assert client_a.post("/cadres/training/add/", data).status_code == 302
    assert TrainingCourse.objects.get().organizer == world.a.county


# ------------------------------------------------------------------ attendees one by one


def test_attendee_in_scope_is_added_once(client_a, world):
    c = course(world.a.county)
    person = cadre(world.a.union, 1, "张主席")
    url = f"/cadres/training/{c.pk}/attendees/"
    assert client_a.post(url, {"cadre": person.pk}).status_code == 302
    page = client_a.post(url, {"cadre": person.pk}).content.decode()
    assert "“张主席”已在本班学员名单中" in page
    assert list(c.attendances.values_list("cadre", flat=True)) == [person.pk]
    assert "张主席" in client_a.get(c.get_absolute_url()).content.decode()


def test_attendee_outside_the_organizers_scope_is_refused(client, world):
    c = course(world.a.county)
    outsider = cadre(world.b.union, 2, "荆州区主席")
    client.force_login(world.admin)  # sees both counties, but the course is county A's
    page = client.post(f"/cadres/training/{c.pk}/attendees/", {"cadre": outsider.pk})
    assert "“荆州区主席”不在主办单位“沙市区总工会”的管辖范围内，不能作为本班学员" in (
        page.content.decode()
    )
    assert not Attendance.objects.exists()
    # The city's own course takes cadres of every county.
    city = course(world.city, "全市工会干部培训班")
    assert (
        client.post(f"/cadres/training/{city.pk}/attendees/", {"cadre": outsider.pk}).status_code
        == 302
    )


def test_attendee_is_removed_and_read_only_role_cannot_change_the_list(client, world):
    c = course(world.a.county)
    attendance = Attendance.objects.create(course=c, cadre=cadre(world.a.union, 1, "张主席"))
    client.force_login(world.reader_a)
    url = f"/cadres/training/{c.pk}/attendees/"
    assert client.post(url, {"remove": attendance.pk}).status_code == 403
    assert "移出" not in client.get(c.get_absolute_url()).content.decode()
    client.force_login(world.clerk_a)
    assert client.post(url, {"remove": attendance.pk}).status_code == 302
    assert not Attendance.objects.exists()


# ------------------------------------------------------------------ sign-in list


def test_sign_in_list_adds_every_matched_cadre_once(client_a, world):
    c = course(world.a.county)
    zhang = cadre(world.a.union, 1, "张主席")
    li = cadre(world.a.joint, 2, "李委员", mobile="13900001111")
    rows = [
        [1, "张主席", zhang.id_number.lower(), "", "机械公司"],
        [2, "李委员", "", "139-0000-1111", "联合工会"],
        [3, "张主席", zhang.id_number, "", "第二天签到"],
    ]
    file = xlsx([SIGN_IN, *rows], title="新任工会干部培训班签到表")
    response = sign_in(client_a, c, file)
    assert response.status_code == 302
    assert set(c.attendances.values_list("cadre", flat=True)) == {zhang.pk, li.pk}
    # The same list again adds nothing; GBK CSV is read too.
    again = sign_in(client_a, c, csv_file([SIGN_IN, *rows], encoding="gb18030"))
    assert again.status_code == 302 and c.attendances.count() == 2
    messages = [str(m) for m in again.wsgi_request._messages]
    assert messages[-1] == "签到表“台帐.csv”共2名学员，新增0名，2名已在名单中。"


def test_sign_in_list_with_a_bad_row_writes_nothing_and_names_each_row(client, world):
    c = course(world.a.county)
    ok = cadre(world.a.union, 1, "张主席")
    outsider = cadre(world.b.union, 2, "荆州区主席")
    cadre(world.a.union, 3, "王一", mobile="13911112222")
    cadre(world.a.joint, 4, "王二", mobile="13911112222")
    rows = [
        [1, "张主席", ok.id_number, "", ""],
        [2, "荆州区主席", outsider.id_number, "", ""],  # other county
        [3, "赵六", make_id_number(7), "", ""],  # not a cadre
        [4, "王一", "", "13911112222", ""],  # mobile of two cadres
        [5, "李四", ok.id_number, "", ""],  # the number is 张主席's
        [6, "钱七", "", "", ""],  # nothing to match on
        [7, "孙八", "42100219850101001", "", ""],
    ]
    client.force_login(world.admin)  # sees county B's cadre: still outside the organizer
    page = sign_in(client, c, xlsx([SIGN_IN, *rows])).content.decode()
    assert "有7处问题，未导入任何学员" in page
    assert "“荆州区主席”不在主办单位“沙市区总工会”的管辖范围内" in page
    assert "干部台帐中没有“赵六”（按身份证号查找），请先登记为工会干部" in page
    assert "该手机号对应多名工会干部，请填写身份证号" in page
    assert "与干部台帐中该身份证号的姓名“张主席”不一致" in page
    assert "请填写身份证号或手机号" in page
    assert "身份证号应为18位，当前为17位" in page
    assert not Attendance.objects.exists()


def test_county_clerk_meets_other_countys_cadre_as_outside_without_its_union(client_a, world):
    c = course(world.a.county)
    outsider = cadre(world.b.union, 2, "荆州区主席")
    page = sign_in(client_a, c, xlsx([SIGN_IN, [1, "荆州区主席", outsider.id_number, "", ""]]))
    page = page.content.decode()
    assert "该人员已在其他工会组织登记，不在您的管辖范围内" in page
    assert "荆州区机械" not in page and not Attendance.objects.exists()
    assert ForeignLookup.objects.get().key == outsider.id_number  # logged for the city


def test_a_file_that_is_not_a_sign_in_list_is_explained(client_a, world):
    c = course(world.a.county)
    page = sign_in(client_a, c, xlsx([["单位名称", "统一社会信用代码"], ["某公司", "x"]]))
    assert "找不到表头行" in page.content.decode()
    page = sign_in(client_a, c, xlsx([["序号", "姓名", "工作单位"], [1, "张三", "某公司"]]))
    assert "签到表须有“身份证号”或“手机号”列" in page.content.decode()


def test_sign_in_template_has_the_columns(client_a, world):
    response = client_a.get("/cadres/training/sign-in-template/")
    assert response.status_code == 200
    assert (
        "签到表" in response["Content-Disposition"] or "filename" in response["Content-Disposition"]
    )


# ------------------------------------------------------------------ the county's year


def test_year_counts_courses_against_the_minimum_and_cadres_trained(client, world):
    YearlyParameter.objects.create(key=MIN_COURSES, year=YEAR, county=world.b.county, value=1)
    zhang, li = cadre(world.a.union, 1, "张主席"), cadre(world.a.joint, 2, "李委员")
    first, second = course(world.a.county, "一期"), course(world.a.county, "二期")
    city = course(world.city, "全市班")
    course(world.a.county, "去年", starts_on=datetime.date(YEAR - 1, 6, 1))
    for c, person in [(first, zhang), (first, li), (second, zhang), (city, li)]:
        Attendance.objects.create(course=c, cadre=person)
    client.force_login(world.admin)
    response = client.get(f"/cadres/training/progress/?year={YEAR}")
    rows = {r["county"].name: r for r in response.context["rows"]}
    a, b = rows["沙市区总工会"], rows["荆州区总工会"]
    assert (a["courses"], a["minimum"], a["attendances"], a["cadres"], a["met"]) == (
        2,
        2,
        3,
        2,
        True,
    )
    assert (b["courses"], b["minimum"], b["met"]) == (0, 1, False)
    assert "市总工会" in response.content.decode() and response.context["city_courses"] == 1


def test_year_page_query_count_does_not_grow(client_a, world, django_assert_max_num_queries):
    course(world.a.county)
    with django_assert_max_num_queries(12) as few:
        client_a.get("/cadres/training/progress/")
    people = [cadre(world.a.union, seq, f"干部{seq}") for seq in range(10)]
    for n in range(5):
        c = course(world.a.county, f"第{n}期")
        for person in people:
            Attendance.objects.create(course=c, cadre=person)
    with django_assert_max_num_queries(len(few)):
        page = client_a.get("/cadres/training/progress/").content.decode()
    assert "荆州区" not in page


@pytest.mark.parametrize("url", ["/cadres/training/", "/cadres/training/progress/"])
def test_county_b_courses_stay_hidden_from_county_a(client_a, world, url):
    course(world.b.county, "荆州区新任工会干部培训班")
    assert "荆州区" not in client_a.get(url).content.decode()
