"""`manage.py generate_scale` at a tiny size: the scale data must be data the app accepts."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.core.validators import id_number_facts
from apps.members.models import Member, Membership, MembershipStatus
from apps.members.pinyin import name_initials
from apps.unions.models import Employer, Union


@pytest.fixture
def generated(db):
    call_command("generate_scale", members=300, employers=200, stdout=StringIO())
    return list(Member.objects.select_related("union"))


def test_it_builds_the_tree_employers_unions_and_members(generated):
    assert Union.objects.filter(level=Union.Level.TOWNSHIP).count() > 100
    assert Employer.objects.count() >= 200
    assert Union.objects.grassroots().exists()
    assert len(generated) == 300


def test_id_numbers_are_valid_unique_and_agree_with_sex_and_birth_date(generated):
    assert len({m.id_number for m in generated}) == 300
    for m in generated:
        assert id_number_facts(m.id_number) == (m.birth_date, m.sex)
        assert m.id_tail == m.id_number[-4:]
        assert m.name_initials == name_initials(m.name)


def test_rows_repeat_their_union_as_member_save_would(generated):
    for m in generated:
        assert m.union.level in Union.GRASSROOTS_LEVELS
        assert m.union_path == m.union.path
        assert m.joined_on.year - m.birth_date.year >= 18


def test_each_member_has_one_membership_matching_its_status(generated):
    memberships = {ms.member_id: ms for ms in Membership.objects.all()}
    assert len(memberships) == Membership.objects.count() == 300
    for m in generated:
        ms = memberships[m.pk]
        assert (ms.union_id, ms.status, ms.joined_on) == (m.union_id, m.status, m.joined_on)
        assert (ms.left_on is not None) == (m.status == MembershipStatus.WITHDRAWN)
    statuses = Counter(m.status for m in generated)
    assert statuses[MembershipStatus.ACTIVE] > 250


def test_it_refuses_to_run_again(generated):
    with pytest.raises(CommandError, match="已有 300 名会员"):
        call_command("generate_scale", members=300, employers=200, stdout=StringIO())
    assert Member.objects.count() == 300


def test_scale_data_breaks_no_date_rule(generated):
    """做实: the benchmark's ledgers are true ones (nothing on the 数据问题 list)."""
    from apps.core.problems import broken_rules, subtree_rows

    broken = {
        (b.label, b.field_label): n for b in broken_rules(subtree_rows("")) if (n := b.rows.count())
    }
    assert broken == {}
