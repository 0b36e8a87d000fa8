"""The statistics table as PDF: A4 landscape, the Chinese font embedded, text extractable."""

import os
import shutil
import subprocess


def pdf_text(response, tmp_path) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "table.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    if os.environ.get("KEEP_PDF"):
        shutil.copy(path, os.environ["KEEP_PDF"])
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_county_table_as_pdf(client_a, world, tmp_path):
    text = pdf_text(client_a.get("/reports/table/pdf/?year=2026"), tmp_path)
    for words in (
        "基层工会组织建设基本情况统计表",
        "沙市区总工会",
        "中山街道工会",
        "合计",
        "单位总数",
        "会员人数",
        "填表人",
        "审核人",
        "负责人",
        "性质分列",
    ):
        assert words in text, words
    assert "荆州区" not in text


def test_pdf_is_a4_landscape_with_the_font_embedded(client_a, world, tmp_path):
    response = client_a.get("/reports/table/pdf/")
    path = tmp_path / "t.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "841.89 x 595.276 pts (A4)" in info  # A4, wider than high
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "WenQuanYi" in fonts and " yes " in fonts  # embedded


def test_other_countys_pdf_is_404(client_a, world):
    assert client_a.get(f"/reports/table/pdf/?org={world.b.county.pk}").status_code == 404


def test_annual_table_pdf_shows_status_and_corrections(client_a, world, tmp_path):
    response = client_a.post("/reports/annual/open/", {"year": 2026})
    url = response["Location"]
    key = next(
        r["key"]
        for r in client_a.get(url).context["report"].ledger["rows"]
        if r["label"] == "中山街道工会"
    )
    client_a.post(
        f"{url}correct/", {"row_key": key, "key": "members", "value": 3, "reason": "补录两人"}
    )
    text = pdf_text(client_a.get(f"{url}pdf/"), tmp_path)
    assert "状态：草稿" in text and "更正说明" in text and "补录两人" in text
    assert "台帐 1，填报 3（+2）" in text
