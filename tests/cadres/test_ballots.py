"""Ballot and tally sheet PDFs: Chinese text extractable (the font is embedded), candidates
in pinyin order of surnames, one box per candidate."""

import base64
import re
import subprocess
import zlib

import pytest
from reportlab.lib.rl_accel import fp_str

from apps.cadres.ballots import BOX, ORDER_NOTE

from .factories import election

CANDIDATES = (("王五", 10), ("曾小明", 12), ("陈七", 3), ("李四", 30))
PINYIN_ORDER = ["陈七", "李四", "王五", "曾小明"]  # chen, li, wang, zeng (曾 read zēng)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def page_streams(content: bytes) -> list[str]:
    """The decoded streams of a reportlab PDF (Flate, or ASCII85 then Flate), without pypdf."""
    streams = []
    for match in re.finditer(
        rb"/Filter \[ ([^\]]*)\][^\n]*\n>>\nstream\r?\n(.*?)endstream", content, re.S
    ):
        filters, data = match.group(1), match.group(2)
        if b"ASCII85Decode" in filters:
            data = base64.a85decode(data.strip().removesuffix(b"~>"), ignorechars=b" \t\n\r")
        streams.append(zlib.decompressobj().decompress(data).decode("latin-1"))
    return streams


def boxes(content: bytes) -> int:
    """Rectangles of the ballot box's exact size drawn on the pages (`x y w h re`)."""
    size = re.escape(fp_str(BOX))  # the number as reportlab writes it
    pattern = rf"\S+ \S+ {size} {size} re"
    return sum(len(re.findall(pattern, text)) for text in page_streams(content))


@pytest.mark.parametrize(
    ("kind", "title"), [("ballot", "工会主席选举选票"), ("tally", "工会主席选举计票单")]
)
def test_pdf_has_union_date_instructions_and_candidates_in_pinyin_order(
    client_a, world, tmp_path, kind, title
):
    made = election(world.a.union, candidates=CANDIDATES)
    response = client_a.get(f"/cadres/elections/{made.pk}/{kind}/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert world.a.union.name in text and title in text
    assert f"{made.held_on.year}年{made.held_on.month}月{made.held_on.day}日" in text
    assert ORDER_NOTE in text.replace(" ", "").replace("\n", "")
    assert [name for name in PINYIN_ORDER if name in text] == PINYIN_ORDER
    positions = [text.index(name) for name in PINYIN_ORDER]
    assert positions == sorted(positions)
    assert boxes(response.content) == len(CANDIDATES)


def test_ballot_tells_how_to_vote_and_embeds_the_font(client_a, world, tmp_path):
    made = election(world.a.union)
    content = client_a.get(f"/cadres/elections/{made.pk}/ballot/").content
    text = pdf_text(content, tmp_path)
    assert "填写说明" in text and "本次选举应选工会主席1名" in text
    assert b"/FontFile2" in content  # the TrueType font travels inside the file


def test_tally_sheet_states_the_votes_needed(client_a, world, tmp_path):
    made = election(world.a.union, eligible_voters=61)
    text = pdf_text(client_a.get(f"/cadres/elections/{made.pk}/tally/").content, tmp_path)
    assert "应参加选举人数：61人" in text and "不少于31票" in text


def test_many_candidates_run_onto_a_second_page_with_every_box(client_a, world):
    many = [(f"候选{i:02d}", 1) for i in range(25)]
    made = election(world.a.union, candidates=many, eligible_voters=100, votes_cast=90)
    content = client_a.get(f"/cadres/elections/{made.pk}/ballot/").content
    assert (
        boxes(content) == 25
        and content.count(b"/Type /Page\n") + content.count(b"/Type /Page ") >= 1
    )
