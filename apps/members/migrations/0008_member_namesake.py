"""Member.namesake (会员核查 · 疑似重复), filled for the members already on the rolls; kept by
apps.members.models.refresh_namesakes since."""

from django.db import migrations, models
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When

ON_ROLL = ("active", "retained")
BATCH = 200


def fill(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    keys = list(
        Member.objects.filter(status__in=ON_ROLL)
        .order_by()
        .values("name", "birth_date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("name", "birth_date")
    )
    others = Member.objects.filter(
        name=OuterRef("name"), birth_date=OuterRef("birth_date"), status__in=ON_ROLL
    ).exclude(pk=OuterRef("pk"))
    flag = Case(When(Exists(others), status__in=ON_ROLL, then=Value(True)), default=Value(False))
    for start in range(0, len(keys), BATCH):
        match = Q()
        for name, born in keys[start : start + BATCH]:
            match |= Q(name=name, birth_date=born)
        Member.objects.filter(match).update(namesake=flag)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0007_member_name_birth_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="namesake",
            field=models.BooleanField(
                db_default=False, default=False, editable=False, verbose_name="疑似重复"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                condition=models.Q(("namesake", True)),
                fields=["union_path", "name", "birth_date"],
                name="member_namesakes",
            ),
        ),
    ]
