"""Bulk edit of positions: the end date, full-time and the employer post for the ticked rows
only, within scope; an end date before a selected position's start is refused."""

import datetime

from apps.cadres.models import Position

from .factories import TODAY, YEAR_AGO, position

URL = "/cadres/positions/bulk-edit/"


def apply(client, rows, **fields):
    data = {"pk": [p.pk for p in rows], "_apply": "1", "full_time": "unknown", **fields}
    return client.post(URL, data)


def test_end_date_and_part_time_are_set_on_the_ticked_positions_only(client_a, world):
    chair = position(world.a.union, full_time=True)
    vice = position(world.a.union, Position.Role.VICE_CHAIR, full_time=True)
    untouched = position(world.a.union, Position.Role.COMMITTEE, full_time=True)
    response = apply(
        client_a,
        [chair, vice],
        end_on=TODAY.isoformat(),
        full_time="false",
        return_url="/cadres/positions/",
    )
    assert response.status_code == 302 and response["Location"] == "/cadres/positions/"
    for row in (chair, vice, untouched):
        row.refresh_from_db()
    assert (chair.end_on, chair.full_time) == (TODAY, False)
    assert (vice.end_on, vice.full_time) == (TODAY, False)
    assert (untouched.end_on, untouched.full_time) == (None, True)
    # The employer post was left at 不修改, and the change is in the history.
    assert chair.employer_post == Position.EmployerPost.WORKER
    assert chair.history.first().history_change_reason == "批量修改"


def test_end_date_before_a_selected_start_is_refused_at_the_field(client_a, world):
    old = position(world.a.union)
    new = position(world.a.union, Position.Role.COMMITTEE, start_on=TODAY)
    before = (TODAY - datetime.timedelta(days=1)).isoformat()
    page = apply(client_a, [old, new], end_on=before, employer_post="hr").content.decode()
    assert f"离任日期（{before}）早于所选1条任职的任职日期" in page
    assert f"任职于{TODAY:%Y-%m-%d}" in page
    assert f'value="{before}"' in page  # what was typed stays
    old.refresh_from_db()
    assert old.end_on is None and old.employer_post == Position.EmployerPost.WORKER
    # The same date is fine for the position that had started by then.
    assert apply(client_a, [old], end_on=before).status_code == 302
    old.refresh_from_db()
    assert old.end_on.isoformat() == before


def test_other_countys_positions_are_not_changed(client_a, world):
    mine = position(world.a.union)
    theirs = position(world.b.union)
    apply(client_a, [mine, theirs], employer_post="head")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.employer_post == "head" and theirs.employer_post == "worker"


def test_readers_cannot_bulk_edit(client, world):
    row = position(world.a.union, start_on=YEAR_AGO)
    client.force_login(world.reader_a)
    assert apply(client, [row], full_time="true").status_code == 403
    row.refresh_from_db()
    assert row.full_time is False


def test_list_offers_bulk_edit_and_the_page_lists_selected_rows_in_few_queries(
    client_a, world, django_assert_max_num_queries
):
    rows = [position(world.a.union, Position.Role.COMMITTEE, name=f"委员{i}") for i in range(8)]
    assert URL in client_a.get("/cadres/positions/").content.decode()
    with django_assert_max_num_queries(10):
        page = client_a.post(URL, {"pk": [p.pk for p in rows]}).content.decode()
    assert "批量修改8条" in page and "委员7" in page
