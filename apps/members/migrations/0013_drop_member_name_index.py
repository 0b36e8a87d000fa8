"""Drop `member_name (name)`: every index that begins with the name serves its lookups (the
covering indexes of 0004 on PostgreSQL and 0012 on SQLite, and member_name_birth), and a
million members' copy of it cost every insert (about 80 ms per 100,000 on PostgreSQL)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0012_member_name_covering_sqlite"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="member",
            name="member_name",
        ),
    ]
