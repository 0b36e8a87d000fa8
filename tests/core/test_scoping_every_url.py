"""Scoping is security: every URL of the project is tried by a clerk of county A against
county B's rows. A view added later without scoping fails here, because the test walks the
URL configuration instead of a hand-kept list."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver
from python_calamine import CalamineWorkbook

from apps.cadres.models import (
    Assistant,
    AssistantPayment,
    Cadre,
    Candidate,
    ChairAgreement,
    Election,
    Position,
    TrainingCourse,
)
from apps.core.models import ImportRecord
from apps.core.validators import make_id_number
from apps.members.models import MemberConflict
from apps.reports.models import AnnualReport
from apps.reports.services import open_report
from apps.targets.models import (
    AcceptanceAttachment,
    AcceptanceRecord,
    AssessedCounty,
    TargetItem,
    TargetLetter,
)
from apps.targets.services import freeze
from tests.campaigns.factories import county_rows

OTHER_COUNTY = "荆州区"  # every row of county B carries its name; county A's never does
SKIP_NAMESPACES = {"admin"}  # the admin is tested in test_admin_scoping


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in SKIP_NAMESPACES:
                continue
            yield from walk(
                entry, prefix + str(entry.pattern), f"{namespace}{ns}:" if ns else namespace
            )
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


ROUTES = sorted(walk())
DETAIL_ROUTES = [(name, route) for name, route in ROUTES if "<int:pk>" in route]
OTHER_ROUTES = [(name, route) for name, route in ROUTES if "<" not in route]


def b_object(world, name):
    """County B's row of the model a `<app>:<model>_<action>` URL name belongs to."""
    app_label, rest = name.split(":")
    model = apps.get_model(app_label, rest.split("_")[0])
    rows = {
        "union": world.b.union,
        "employer": world.b.employer,
        "coverage": world.b.coverage,
        "fundpayment": world.b.payment,
        "followup": world.b.follow_up,
        "member": world.b.member,
        "membership": world.b.member.memberships.get(),
        "transfer": world.b_transfer,
        "rosterconfirmation": world.b.union,  # roster URLs take the union's pk (年度更新)
    }
    if model is MemberConflict:  # conftest has none: one met by an import inside county B
        rows["memberconflict"] = MemberConflict.objects.create(
            member=world.b.member,
            union=world.b.joint,
            kind=MemberConflict.Kind.FACTS_DIFFER,
            typed_name="荆州会员乙",
            detail="姓名不一致",
            found_on=datetime.date(2026, 3, 1),
            found_by=world.clerk_b,
        )
    if model is ImportRecord:  # a roster county B's clerk uploaded, with its errors file
        rows["importrecord"] = ImportRecord.objects.create(
            ledger="members",
            user=world.clerk_b,
            union_path=world.b.county.path,
            filename="荆州区花名册.xlsx",
            stored_name="imports/b.xlsx",
            status="invalid",
            errors_name=default_storage.save("imports/b-errors.xlsx", ContentFile(b"x")),
        )
    if model in (Cadre, Position, Election):  # a chair elected and in office in county B
        election = Election.objects.create(
            union=world.b.union,
            held_on=datetime.date(2025, 3, 1),
            eligible_voters=40,
            votes_cast=38,
            term_end=datetime.date(2030, 2, 28),
        )
        election.rules_document.save("b.pdf", ContentFile(b"%PDF-1.4"))
        Candidate.objects.create(election=election, name="荆州区候选人", votes=30)
        cadre = Cadre.objects.create(name="荆州区主席", union=world.b.union, sex="male")
        rows["election"], rows["cadre"] = election, cadre
        rows["position"] = Position.objects.create(
            cadre=cadre,
            union=world.b.union,
            role="chair",
            start_on=election.held_on,
            election=election,
        )
    if model._meta.model_name in CADRES_PART_TWO:
        rows.update(cadres_part_two_rows(world))
    if app_label == "campaigns":  # standardization and campaigns: county B's own rows
        rows.update(county_rows(world.b))
    if model is AnnualReport:  # county B's table for the year, opened by its clerk
        rows["annualreport"] = open_report(
            world.b.county, 2026, world.clerk_b, datetime.date(2026, 12, 31)
        )
    if app_label == "targets":  # county B's signed letter, its year-end result, acceptance
        rows.update(targets_rows(world))
    assert model._meta.model_name in rows, f"conftest has no county-B row of {model}"
    return rows[model._meta.model_name]


CITY_STEPS = {"campaigns:modelunion_accept"}  # README 角色与步骤
CADRES_PART_TWO = {"assistant", "assistantpayment", "chairagreement", "trainingcourse"}


def cadres_part_two_rows(world):
    """County B's assistant with a month's pay, agreement pilot (with its file) and course."""
    assistant = Assistant.objects.create(
        name="荆州区协理员",
        id_number=make_id_number(5, region="421003"),
        post=world.b.township,
        hired_on=datetime.date(2024, 1, 1),
        route=Assistant.Route.SOCIAL_WORKER,
    )
    agreement = ChairAgreement(
        union=world.b.union,
        kind=ChairAgreement.Kind.NON_PUBLIC,
        upper_party="西城街道工会",
        employer_party="荆州区机械有限公司",
        chair_name="荆州区主席",
        status="signed",
        signed_on=datetime.date(2026, 3, 1),
    )
    agreement.file.save("b.pdf", ContentFile(b"%PDF-1.4"))
    course = TrainingCourse.objects.create(
        name="荆州区新任工会干部培训班",
        organizer=world.b.county,
        kind="new_cadres",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 2),
        place="荆州区",
        hours=8,
    )
    return {
        "assistant": assistant,
        "assistantpayment": AssistantPayment.objects.create(
            assistant=assistant, month=datetime.date(2026, 1, 1), salary=3000
        ),
        "chairagreement": agreement,
        "trainingcourse": course,
    }


def acceptance_b(world):
    """County B's acceptance check with one attachment (returned: the check's own URLs and
    the attachment's download are walked)."""
    record = AcceptanceRecord.objects.create(
        county=world.b.county,
        year=2026,
        area=1,
        checked_on=datetime.date(2026, 12, 1),
        inspectors="荆州区验收组",
        conclusion="passed",
    )
    attachment = AcceptanceAttachment(record=record, name="b.pdf")
    attachment.file.save("b.pdf", ContentFile(b"%PDF-1.4"))
    return attachment


def targets_rows(world):
    letters = target_letters(world)
    freeze(2026, actor=world.admin, today=datetime.date(2027, 1, 5))
    return {
        "targetletter": letters[1],
        "assessedcounty": world.b.county.assessments.get(),
        "acceptancerecord": (attachment := acceptance_b(world)).record,
        "acceptanceattachment": attachment,
    }


def target_letters(world):
    """Signed letters of both counties (the ranking publishes both; the drill-down must not)."""
    letters = []
    for county in (world.a.county, world.b.county):
        made = TargetLetter.objects.create(county=county, year=2026)
        TargetItem.objects.create(letter=made, indicator="new_unions", target=2, weight=100)
        made.status = TargetLetter.Status.SIGNED
        made.save()
        letters.append(made)
    return letters


# Pages that publish every county's name by design, and what they must still keep to scope:
# the ranking and the frozen year-end table (totals and ranks of all counties, links only A's).
PUBLISHED = {"targets:scoring": "/score/", "targets:assessment": "/assessment/counties/"}


def url_for(route, pk=None):
    return "/" + route.replace("<int:pk>", str(pk))


def visible_text(response) -> str:
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
        return " ".join(
            str(cell)
            for sheet in book.sheet_names
            for row in book.get_sheet_by_name(sheet).to_python()
            for cell in row
        )
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def test_the_walk_finds_the_ledger_urls():
    names = {name for name, _ in ROUTES}
    assert {
        "unions:employer_list",
        "unions:employer_export",
        "unions:employer_autocomplete",
        "unions:union_history",
        "unions:employer_detail",
    } <= names
    assert len(DETAIL_ROUTES) >= 14


@pytest.mark.parametrize(("name", "route"), DETAIL_ROUTES)
def test_clerk_gets_404_for_other_countys_row(client, world, name, route):
    obj = b_object(world, name)
    url = url_for(route, obj.pk)
    client.force_login(world.clerk_a)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "改名", "_confirm": "1"}).status_code in (404, 405)
    assert type(obj).objects.filter(pk=obj.pk).exists()
    # The row is there and its own county reaches it: the 404 above is scoping, not a typo.
    # (Only the city writes targets' rows and accepts model unions: B's clerk sees them, and
    # is refused those steps.)
    client.force_login(world.clerk_b)
    city_step = name.startswith("targets:") or name in CITY_STEPS
    assert client.get(url).status_code in ((200, 302, 403) if city_step else (200, 302))


@pytest.mark.parametrize(("name", "route"), OTHER_ROUTES)
def test_pages_without_a_row_show_nothing_of_other_county(client, world, name, route):
    if name.split("_")[0].removeprefix("cadres:") in CADRES_PART_TWO:
        cadres_part_two_rows(world)  # county B's rows these lists and county pages must hide
    if name.startswith("campaigns:"):
        county_rows(world.b)
    if name.startswith("targets:"):
        target_letters(world)
    if name == "targets:assessment":
        freeze(2026, actor=world.admin, today=datetime.date(2027, 1, 5))
    if name.startswith("targets:acceptance"):
        acceptance_b(world)
    client.force_login(world.clerk_a)
    url = url_for(route)
    queries = (
        "",
        "?q=机械",
        f"?parent={world.b.township.pk}",
        f"?within={world.b.county.pk}",
        f"?direct={world.b.county.pk}",
        f"?org={world.b.county.pk}",
    )
    for query in queries:
        response = client.get(url + query)
        if response.status_code in (403, 404, 405):  # refused: nothing shown
            continue
        assert response.status_code in (200, 302), (url + query, response.status_code)
        if name in PUBLISHED:
            text = visible_text(response)
            assert f"within={world.b.county.pk}" not in text and PUBLISHED[name] in text, (
                url + query
            )
            b_result = AssessedCounty.objects.filter(county=world.b.county).first()
            assert not b_result or b_result.get_absolute_url() not in text, url + query
            continue
        assert OTHER_COUNTY not in visible_text(response), url + query


@pytest.mark.parametrize("action", ["bulk_edit", "bulk_delete"])
@pytest.mark.parametrize("model", ["union", "employer"])
def test_bulk_actions_ignore_other_countys_rows(client, world, model, action):
    client.force_login(world.clerk_a)
    obj = getattr(world.b, model)
    client.post(
        f"/unions/{model}s/{action.replace('_', '-')}/",
        {"pk": [obj.pk], "_confirm": "1", "_apply": "1", "has_sign": "true", "nature": "state"},
    )
    obj.refresh_from_db()
    assert getattr(obj, "has_sign", False) is False
    assert getattr(obj, "nature", "private") != "state"


def test_autocomplete_lists_only_own_rows(client, world):
    client.force_login(world.clerk_a)
    results = client.get("/unions/unions/autocomplete/?q=工会").json()["results"]
    names = {r["text"] for r in results}
    assert world.a.township.name in names
    assert not any(OTHER_COUNTY in n for n in names)


def test_city_admin_sees_both_counties(client, world):
    client.force_login(world.admin)
    page = client.get("/unions/employers/?per_page=100").content.decode()
    assert world.a.employer.name in page and world.b.employer.name in page
