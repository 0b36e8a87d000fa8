"""`make run`'s data step: the Jingzhou tree, demo ledgers and users, and a second run."""

from django.core.management import call_command
from django.utils import timezone

from apps.accounts.models import User
from apps.core.problems import broken_rules, subtree_rows
from apps.members.models import Member, Membership
from apps.targets.models import TargetLetter
from apps.targets.scoring import ranking
from apps.unions.models import Employer, Union


def test_setup_demo_twice_creates_everything_once(db, capsys):
    call_command("setup_demo")
    first = capsys.readouterr().out
    counts = (Union.objects.count(), Employer.objects.count(), Member.objects.count())
    assert "密码只显示这一次" in first and "shashi" in first
    assert Union.objects.filter(level="county").count() == 9
    assert Union.objects.filter(level="township", parent__region_code="421002").count() == 10
    assert Member.objects.filter(status="active").count() == Membership.objects.count() > 1000
    today = timezone.localdate()  # 目标考核 shows a ranking: the counties' signed letters
    assert TargetLetter.objects.filter(year=today.year, status="draft").count() == 1
    assert len(ranking(today.year, today).counties) == 8
    # 做实: the demo ledgers break no date rule (nothing on the 数据问题 list).
    broken = {
        (b.label, b.field_label): n for b in broken_rules(subtree_rows("")) if (n := b.rows.count())
    }
    assert broken == {}
    call_command("setup_demo")
    second = capsys.readouterr().out
    assert "演示用户已存在" in second and "密码只显示这一次" not in second
    assert (Union.objects.count(), Employer.objects.count(), Member.objects.count()) == counts
    assert User.objects.get(username="shashi").union.name == "沙市区总工会"
