"""One source for a union's chair: a 主席姓名 typed on the union ledger without a current chair
in the 任职台帐 becomes a chair position there (the union's column is derived from then on).
The tenure starts on 本届委员会任职日期 where it lies inside the union's life, else on the
union's founding day, else today."""


import datetime

from django.db import migrations
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone


def move_typed_chairs(apps, schema_editor):
    Union = apps.get_model("unions", "Union")
    Cadre = apps.get_model("cadres", "Cadre")
    Position = apps.get_model("cadres", "Position")
    today = timezone.localdate()
    chaired = Position.objects.filter(role="chair", start_on__lte=today).exclude(
        end_on__lt=today
    )
    typed = Union.objects.exclude(chair_name="").exclude(pk__in=chaired.values("union"))
    moved = 0
    for union in typed.iterator():
        start = union.committee_since
        if start is None or start > today or (union.founded_on and start < union.founded_on):
            start = union.founded_on or today
        end = None
        if union.dissolved_on:  # the chair of a dissolved union left with it
            start = min(start, union.dissolved_on - datetime.timedelta(days=1))
            end = union.dissolved_on - datetime.timedelta(days=1)
        cadre = Cadre.objects.create(name=union.chair_name, union=union, note="由基层工会台帐迁入")
        Position.objects.create(cadre=cadre, union=union, role="chair", start_on=start, end_on=end)
        moved += 1
    if moved:
        print(f"\n  {moved} 个工会的主席姓名已迁入任职台帐")
    # From now on the column is the current chair of the 任职台帐 (as sync_chair_names keeps it).
    current = chaired.filter(union=OuterRef("pk")).order_by("-start_on", "-pk")
    Union.objects.update(
        chair_name=Coalesce(Subquery(current.values("cadre__name")[:1]), Value(""))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cadres", "0004_dates_in_order"),
        ("unions", "0007_union_chair_from_positions"),
    ]

    operations = [migrations.RunPython(move_typed_chairs, migrations.RunPython.noop)]
