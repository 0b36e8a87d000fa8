"""Files the product writes are inert: user text typed as a formula (`=HYPERLINK(...)`, `+1`,
`@SUM(A1)`, `-2+3`) arrives in every workbook as the same text, never as a formula the reader's
Excel runs; user text with `<`, `>` and `&` prints in every PDF as typed. The ledger exports and
templates are found by walking the URL configuration, so a ledger added later is covered."""

import csv
import datetime
import io
import pathlib
import re
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.models import ImportRecord
from apps.targets import services as bulletins
from apps.targets.models import ContactPoint, TargetLetter
from tests.core.test_scoping_every_url import ROUTES
from tests.members.test_member_import import HEADER, roster_rows
from tests.targets.conftest import YEAR, letter

HYPERLINK = '=HYPERLINK("http://evil","点我")'
FORMULAS = [HYPERLINK, "+1", "@SUM(A1)", "-2+3"]
MARKUP = "<b>荆州&区</b>"
LESS_THAN = "A<B"

# Every workbook download that takes no argument: the generic ledger exports and import
# templates, and the pages' own (statistics tables, sign-in template).
WORKBOOK_ROUTES = [
    route
    for name, route in ROUTES
    if "<" not in route and re.search(r"(_export|_template|_xlsx)$", name)
]
# Downloads a page answers with when asked (?export=1) instead of its HTML.
PAGE_EXPORTS = ["/unions/data-problems/?export=1", "/campaigns/standardization/?export=xlsx"]


def cells(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from (cell for cell in row if cell.value is not None)


def inert_book(response):
    """The downloaded workbook, after checking that no cell of any sheet is a formula."""
    assert response.status_code == 200, response.status_code
    book = load_workbook(io.BytesIO(response.getvalue()))
    formulas = [f"{c.parent.title}!{c.coordinate}" for c in cells(book) if c.data_type == "f"]
    assert not formulas, formulas
    return book


def inert_texts(response) -> set[str]:
    return {c.value for c in cells(inert_book(response)) if isinstance(c.value, str)}


def pdf_text(response, tmp_path) -> str:
    assert response.status_code == 200, response.status_code
    path = tmp_path / "file.pdf"
    path.write_bytes(response.getvalue())
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def contains(texts: set[str], wanted: str) -> bool:
    return any(wanted in text for text in texts)


@pytest.fixture
def formula_names(world):
    """County A's township, employer, grassroots union and member named like formulas."""
    for obj, name in zip(
        (world.a.township, world.a.employer, world.a.union, world.a.member), FORMULAS, strict=True
    ):
        obj.name = name
        obj.save()
    return world


def test_workbook_routes_are_found():
    assert len(WORKBOOK_ROUTES) >= 20, WORKBOOK_ROUTES
    assert "unions/unions/export/" in WORKBOOK_ROUTES
    assert "members/members/import/template/" in WORKBOOK_ROUTES
    assert "reports/table/xlsx/" in WORKBOOK_ROUTES


def test_every_export_writes_formula_like_names_as_text(client, formula_names):
    client.force_login(formula_names.admin)
    texts = set()
    for route in WORKBOOK_ROUTES:
        texts |= inert_texts(client.get(f"/{route}"))
    for url in PAGE_EXPORTS:
        texts |= inert_texts(client.get(url))
    for name in FORMULAS:
        assert contains(texts, name), name


def test_statistics_table_writes_a_formula_like_township_as_text(client_a, formula_names):
    texts = inert_texts(client_a.get("/reports/table/xlsx/"))
    assert HYPERLINK in texts


def test_annual_report_writes_a_formula_like_reason_as_text(client_a, formula_names):
    url = client_a.post("/reports/annual/open/", {"year": 2026})["Location"]
    report = client_a.get(url).context["report"]
    key = next(r["key"] for r in report.ledger["rows"] if r["label"] == HYPERLINK)
    for column, reason in (("members", "@SUM(A1)"), ("women_members", "-2+3")):
        response = client_a.post(
            f"{url}correct/", {"row_key": key, "key": column, "value": 3, "reason": reason}
        )
        assert response.status_code == 302
    book = inert_book(client_a.get(f"{url}xlsx/"))
    assert HYPERLINK in {c.value for c in cells(book)}
    reasons = [row[5].value for row in book["更正说明"].iter_rows(min_row=2)]
    assert sorted(reasons) == ["-2+3", "@SUM(A1)"]


def test_the_import_errors_file_writes_typed_formulas_as_text(client_a, world):
    rows = roster_rows(world)
    rows[0][1], rows[1][3] = "+1", HYPERLINK  # a name, and an ID number that is refused
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    upload = io.BytesIO(out.getvalue().encode())
    upload.name = "花名册.csv"
    page = client_a.post("/members/members/import/", {"file": upload}, follow=True)
    record = page.context["object"]
    assert record.status == ImportRecord.Status.INVALID
    texts = inert_texts(client_a.get(f"/imports/{record.pk}/errors/"))
    assert HYPERLINK in texts


@pytest.fixture
def bulletin(world):
    """A bulletin published over both counties' signed letters, county A's contact named with
    a formula and with markup."""
    items = [("new_unions", 2, 60), ("fund_unionized", 100, 40)]
    letter(world.a.county, items), letter(world.b.county, items)
    ContactPoint.objects.create(
        year=YEAR, county=world.a.county, name=MARKUP, title=LESS_THAN, phone=HYPERLINK
    )
    return bulletins.publish(YEAR, "month", 6, actor=world.admin, today=datetime.date(2026, 11, 2))


def test_bulletin_workbook_writes_the_contact_as_text(client, world, bulletin):
    client.force_login(world.admin)
    texts = inert_texts(client.get(reverse("targets:bulletin_xlsx", args=[YEAR, 1])))
    assert contains(texts, HYPERLINK) and contains(texts, MARKUP)


def assert_printed_as_typed(text: str, *typed: str) -> None:
    flat = re.sub(r"\s+", "", text)
    for words in typed:
        assert words in flat, words
    assert ";" not in flat, "a stray ; from an unescaped &"


@pytest.fixture
def markup_township(world):
    world.a.township.name = MARKUP
    world.a.township.save()
    return world


def test_statistics_table_pdf_prints_a_township_with_markup_as_typed(
    client_a, markup_township, tmp_path
):
    assert_printed_as_typed(pdf_text(client_a.get("/reports/table/pdf/"), tmp_path), MARKUP)


def test_annual_report_pdf_prints_markup_in_names_and_reasons_as_typed(
    client_a, markup_township, tmp_path
):
    url = client_a.post("/reports/annual/open/", {"year": 2026})["Location"]
    report = client_a.get(url).context["report"]
    key = next(r["key"] for r in report.ledger["rows"] if r["label"] == MARKUP)
    client_a.post(
        f"{url}correct/", {"row_key": key, "key": "members", "value": 3, "reason": LESS_THAN}
    )
    text = pdf_text(client_a.get(f"{url}pdf/"), tmp_path)
    assert_printed_as_typed(text, MARKUP, f"理由：{LESS_THAN}")


def test_bulletin_pdf_prints_the_contact_as_typed(client, world, bulletin, tmp_path):
    client.force_login(world.admin)
    text = pdf_text(client.get(reverse("targets:bulletin_pdf", args=[YEAR, 1])), tmp_path)
    assert_printed_as_typed(text, MARKUP, f"（{LESS_THAN}）")


def test_target_letter_pdf_prints_the_note_as_typed(client, world, tmp_path):
    draft = letter(world.a.county, [("new_unions", 2, 60)], status=TargetLetter.Status.DRAFT)
    draft.note = f"{MARKUP}\n{LESS_THAN}"
    draft.save()
    client.force_login(world.admin)
    text = pdf_text(client.get(reverse("targets:targetletter_pdf", args=[draft.pk])), tmp_path)
    assert_printed_as_typed(text, f"备注：{MARKUP}", LESS_THAN)


APPS = pathlib.Path(__file__).resolve().parents[2] / "apps"


def test_writers_go_through_the_inert_helpers():
    """A builder added later makes its paragraphs and xlsxwriter books through core's helpers."""
    for path in APPS.rglob("*.py"):
        source = path.read_text()
        relative = path.relative_to(APPS).as_posix()
        if relative != "core/exchange/pdf.py":
            assert not re.search(r"\bParagraph\(", source), relative
        if relative != "core/exchange/excel.py":
            assert "xlsxwriter.Workbook(" not in source, relative


CONTROLS = "沙\x07市\x1b区"  # pasted from another system; XML cannot hold \x07 or \x1b


def test_control_characters_in_a_name_do_not_break_any_file(client, world, tmp_path):
    world.a.township.name = CONTROLS
    world.a.township.save()
    client.force_login(world.admin)
    for route in WORKBOOK_ROUTES:
        inert_book(client.get(f"/{route}"))
    for url in PAGE_EXPORTS:
        inert_book(client.get(url))
    org = f"?org={world.a.county.pk}"
    texts = inert_texts(client.get(f"/reports/table/xlsx/{org}"))
    assert contains(texts, "沙市区") or contains(texts, CONTROLS)
    assert "沙" in pdf_text(client.get(f"/reports/table/pdf/{org}"), tmp_path)
