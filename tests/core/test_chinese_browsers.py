"""360 and the other dual-engine browsers of Chinese offices: every page asks for the modern
engine, and every download names its file in a way IE mode also reads (a plain `filename`,
percent-encoded UTF-8, beside RFC 5987's `filename*`). The downloads are found by walking the
URL configuration, so a ledger added later is covered."""

import io
import re
from urllib.parse import unquote

from django.http import FileResponse, HttpResponse
from django.test import RequestFactory

from apps.core.middleware import ModernEngineForChineseBrowsers
from tests.core.test_files_are_inert import PAGE_EXPORTS, WORKBOOK_ROUTES

PLAIN = re.compile(r'(?:^|;\s*)filename="([^"]*)"')
EXTENDED = re.compile(r"filename\*=UTF-8''([^;\s]+)", re.IGNORECASE)


def names(disposition: str) -> tuple[str, str]:
    plain, extended = PLAIN.search(disposition), EXTENDED.search(disposition)
    assert plain and extended, disposition
    return unquote(plain.group(1)), unquote(extended.group(1))


def test_every_download_names_its_file_for_ie_mode_too(client, world):
    client.force_login(world.admin)
    chinese = 0
    for url in [f"/{route}" for route in WORKBOOK_ROUTES] + PAGE_EXPORTS:
        response = client.get(url)
        assert response.status_code == 200, url
        disposition = response["Content-Disposition"]
        if "filename*" not in disposition:  # an ASCII name is plain already
            assert PLAIN.search(disposition), (url, disposition)
            continue
        plain, extended = names(disposition)
        assert plain == extended and re.search(r"[\u4e00-\u9fff]", plain), (url, disposition)
        chinese += 1
    assert chinese >= 20


def test_a_chinese_inline_name_keeps_its_kind_and_an_ascii_name_is_left_alone():
    def answer(response):
        return ModernEngineForChineseBrowsers(lambda request: response)(RequestFactory().get("/"))

    inline = answer(FileResponse(io.BytesIO(b"%PDF"), filename="选举结果报告.pdf"))
    assert inline["Content-Disposition"].startswith("inline; filename=")
    assert names(inline["Content-Disposition"]) == ("选举结果报告.pdf",) * 2
    ascii_name = answer(FileResponse(io.BytesIO(b"x"), as_attachment=True, filename="report.xlsx"))
    assert ascii_name["Content-Disposition"] == 'attachment; filename="report.xlsx"'
    assert answer(HttpResponse("页"))["X-UA-Compatible"] == "IE=edge"


def test_pages_ask_for_the_modern_engine(client, world):
    for url in ("/accounts/login/", "/"):
        if url == "/":
            client.force_login(world.clerk_a)
        response = client.get(url)
        assert response["X-UA-Compatible"] == "IE=edge"
        assert '<meta name="renderer" content="webkit">' in response.content.decode()
