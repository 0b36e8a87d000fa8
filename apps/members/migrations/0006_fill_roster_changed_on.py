"""Fill Union.roster_changed_on from the memberships (apps.members.services keeps it since)."""

from django.db import migrations
from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Union = apps.get_model("unions", "Union")
    Membership = apps.get_model("members", "Membership")
    # A membership's left_on is never before its joined_on: the later of the two is left_on.
    last = (
        Membership.objects.filter(union=OuterRef("pk"))
        .order_by()
        .values("union")
        .annotate(last=Max(Coalesce("left_on", "joined_on")))
        .values("last")
    )
    Union.objects.update(roster_changed_on=Subquery(last))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0005_lost_and_roster_only_indexes"),
        ("unions", "0004_union_roster_changed_on"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
