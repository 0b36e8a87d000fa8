"""A covering index for name-ordered member lists on PostgreSQL.

At 1,000,000 members the city-wide list is ordered by (name, id) and filtered by the scope
range (and by initials or ID tail when searching). With only `member_name` PostgreSQL walks
that index and fetches every heap row to test the filter: page 20,000 took 3.6 s and the
initials search "zw" 0.74 s. With the filter columns in the index the same walk is an
index-only scan: 0.49 s and 0.11 s (EXPLAIN ANALYZE, benchmarks/README.md).

PostgreSQL only, so it is not declared in Member.Meta: SQLite has no INCLUDE, its planner
(built without STAT4) never prefers a name-ordered walk over the scope range, and its
`member_name` index already ends with the rowid.
"""

from django.db import migrations

NAME = "member_name_covering"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON members_member (name, id) "
            "INCLUDE (union_path, name_initials, id_tail)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("members", "0003_conflicts_roster_confirmation")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
